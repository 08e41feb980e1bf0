package org.jstap.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where a run's script output goes, with stap 4.8's {@code -o FILE}, {@code -S SIZE[,N]} and {@code switch_file()}
 * (learnt by running staprun in the VM): without {@code -o}, stdout, and {@code switch_file()} does nothing; with
 * {@code -o F} alone the output starts in {@code F} and every {@code switch_file()} moves on to {@code F.1},
 * {@code F.2} ...; with {@code -S} too it starts in {@code F.0}, and a file that would grow past SIZE megabytes (MiB)
 * is closed for the next one (between lines here, so a file never exceeds SIZE unless one line does); with N above
 * 0, only the newest N files are kept (the older are deleted as new ones open). {@code F} may hold strftime(3)
 * conversions ({@code %Y %m %d %H %M %S %j %s %%} ...), expanded when each file opens. Every backend's run
 * stage writes through one of these, so the files are named and cut the same way on kmod (local and VM), interp
 * and bpf. Not thread-safe: one writer (callers synchronise).
 */
public final class ScriptOutput extends OutputStream {
    private static final long MB = 1L << 20;

    private final OutputStream stdout;
    private final String base;
    private final long limit;
    private final int keep;
    private final boolean numbered;
    private final Deque<Path> open = new ArrayDeque<>();
    private OutputStream file;
    private long size;
    private int index;
    /** The last byte written ended a line (a file changes only there: a line may come in several writes). */
    private boolean lineStart = true;

    private ScriptOutput(OutputStream stdout, String base, long limitBytes, int keep, boolean numbered) {
        this.stdout = stdout;
        this.base = base;
        this.limit = limitBytes;
        this.keep = keep;
        this.numbered = numbered;
    }

    /** The output of a run with these options: {@code -o}/{@code -S}, else {@code stdout} (left open at close). */
    public static ScriptOutput of(SessionOptions o, OutputStream stdout) throws IOException {
        StapOptions s = o.stap();
        if (o.outputFile() == null) return new ScriptOutput(stdout, null, 0, 0, false);
        Long mb = s.outputSizeMb();
        int keep = s.outputFiles() == null ? 0 : s.outputFiles();
        ScriptOutput out = new ScriptOutput(null, o.outputFile().toString(), mb == null ? 0 : mb * MB, keep, mb != null);
        out.openNext();
        return out;
    }

    /** stap's staprun refuses {@code -S} without {@code -o}: its message, or null when the options are fine. */
    public static String misuse(SessionOptions o) {
        return o.stap().outputSizeMb() != null && o.outputFile() == null
                ? "You have to specify output FILE with '-S' option." : null;
    }

    /** This output as a PrintStream that flushes what it is given (the stage's {@code ctx.out()} stand-in). */
    public Printer printStream() {
        return new Printer(this);
    }

    /** A PrintStream over a ScriptOutput: what an engine that prints to a PrintStream calls switch_file() on. */
    public static final class Printer extends PrintStream {
        private final ScriptOutput output;

        Printer(ScriptOutput output) {
            super(output, true);
            this.output = output;
        }

        /** {@code switch_file()}: what was printed so far stays where it is. */
        public synchronized void switchFile() throws IOException {
            flush();
            output.switchFile();
        }
    }

    /** True when the output goes to {@code -o}'s files. */
    public boolean toFiles() {
        return base != null;
    }

    /** The file being written (null on stdout). */
    public Path current() {
        return open.peekLast();
    }

    /** {@code switch_file()}: close this file and go on in the next one (nothing on stdout). */
    public void switchFile() throws IOException {
        if (base == null) return;
        openNext();
    }

    private void openNext() throws IOException {
        if (file != null) file.close();
        String name = strftime(base, ZonedDateTime.now());
        Path p = Path.of(numbered || index > 0 ? name + "." + index : name);
        index++;
        file = Files.newOutputStream(p);
        size = 0;
        open.addLast(p);
        while (keep > 0 && open.size() > keep) Files.deleteIfExists(open.removeFirst());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (base == null) {
            stdout.write(b, off, len);
            return;
        }
        if (limit <= 0) {
            file.write(b, off, len);
            size += len;
            return;
        }
        int end = off + len;
        while (off < end) { // line by line: the file changes between lines
            int nl = off;
            while (nl < end && b[nl] != '\n') nl++;
            int n = (nl < end ? nl + 1 : end) - off;
            if (size > 0 && lineStart && size + n > limit) openNext();
            file.write(b, off, n);
            size += n;
            off += n;
            lineStart = b[off - 1] == '\n';
        }
    }

    @Override
    public void flush() throws IOException {
        if (base == null) stdout.flush();
        else file.flush();
    }

    @Override
    public void close() throws IOException {
        if (base == null) stdout.flush();
        else file.close();
    }

    /** The strftime(3) conversions a file name is likely to use, at {@code t}; others stay as written. */
    static String strftime(String f, ZonedDateTime t) {
        if (f.indexOf('%') < 0) return f;
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c != '%' || i + 1 == f.length()) {
                s.append(c);
                continue;
            }
            char k = f.charAt(++i);
            switch (k) {
                case 'Y' -> s.append(t.getYear());
                case 'y' -> s.append(two(t.getYear() % 100));
                case 'm' -> s.append(two(t.getMonthValue()));
                case 'd' -> s.append(two(t.getDayOfMonth()));
                case 'e' -> s.append(String.format("%2d", t.getDayOfMonth()));
                case 'H' -> s.append(two(t.getHour()));
                case 'M' -> s.append(two(t.getMinute()));
                case 'S' -> s.append(two(t.getSecond()));
                case 'j' -> s.append(String.format("%03d", t.getDayOfYear()));
                case 's' -> s.append(t.toEpochSecond());
                case 'F' -> s.append(String.format("%d-%s-%s", t.getYear(), two(t.getMonthValue()), two(t.getDayOfMonth())));
                case 'T' -> s.append(two(t.getHour())).append(':').append(two(t.getMinute())).append(':')
                        .append(two(t.getSecond()));
                case '%' -> s.append('%');
                default -> s.append('%').append(k);
            }
        }
        return s.toString();
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
