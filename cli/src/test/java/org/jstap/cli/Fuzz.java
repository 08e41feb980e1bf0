package org.jstap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jstap.api.spi.Registry;

/**
 * The fuzz harness (issue 11): token mutants of the parse/sem/build corpora and generated huge inputs, each run
 * through {@link Main} in process at pass 2 with raw diagnostics. A run is bad when it crashes (an
 * {@code internal error}, a stack trace or an exception out of Main), takes longer than the limit, or prints a
 * diagnostic without {@code file:line:col}. Seeded, so a failure is reproduced by its seed and index.
 * {@link FuzzTest} runs a bounded sample in CI; {@code bench/fuzz.sh} runs {@link #main} on the full set.
 */
final class Fuzz {
    /** One script to try: a name that says how it was made, its bytes, the options it runs with. */
    record Input(String name, byte[] bytes, List<String> options) {}

    /** What one run did; {@code kind} is ok, crash, timeout or unlocated. */
    record Outcome(Input input, String kind, String detail, long millis) {}

    /** Totals of a fuzz run, and the bad outcomes. */
    record Report(int runs, int crashes, int timeouts, int unlocated, List<Outcome> bad) {
        String summary() {
            return runs + " runs: " + crashes + " crashes, " + timeouts + " timeouts, " + unlocated + " unlocated diagnostics";
        }
    }

    private static final Pattern LOCATED = Pattern.compile("^.+:\\d+:\\d+: (error|warning|note): [a-z][a-z0-9_.]*$");
    private static final Pattern DIAGNOSTIC = Pattern.compile("(^|: )(error|warning|note): [a-z][a-z0-9_]*\\.[a-z0-9_.]+$");

    private final Registry registry;
    private final Path work;
    private final long limitMillis;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-run");
        t.setDaemon(true); // a run past the limit is abandoned, not waited for
        return t;
    });

    Fuzz(Registry registry, Path work, long limitMillis) {
        this.registry = registry;
        this.work = work;
        this.limitMillis = limitMillis;
    }

    // ---- inputs

    /** The corpus scripts (parse/ok, parse/ko, sem/ok, sem/ko, build/ok) under {@code corpusRoot}, sorted. */
    static List<Input> corpus(Path corpusRoot) throws IOException {
        List<Input> out = new ArrayList<>();
        for (String dir : List.of("parse/ok", "parse/ko", "sem/ok", "sem/ko", "build/ok")) {
            Path d = corpusRoot.resolve(dir);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".stp")).sorted().toList()) {
                    byte[] b = Files.readAllBytes(f);
                    out.add(new Input(dir + "/" + f.getFileName(), b, options(new String(b, StandardCharsets.ISO_8859_1))));
                }
            }
        }
        return out;
    }

    /** The options a script runs with: pass 2, raw diagnostics, and {@code -g} when its header asks for guru mode. */
    private static List<String> options(String text) {
        String header = text.lines().findFirst().orElse("");
        List<String> o = new ArrayList<>(List.of("-p2", "--raw-diagnostics"));
        if (header.startsWith("#! jstap") && header.matches(".*\\s-g(\\s.*|)$")) o.add("-g");
        return o;
    }

    private static final Pattern TOKEN = Pattern.compile(
            "\\s+|//[^\\n]*|#[^\\n]*|/\\*.*?\\*/|%\\{.*?%\\}|\"(?:\\\\.|[^\"\\\\\\n])*\"|[A-Za-z_$@][A-Za-z0-9_$]*|0[xX][0-9a-fA-F]+|\\d+"
            + "|>>>=|<<=|>>=|\\.=|\\+\\+|--|->|<<<|<<|>>|[<>!=]=|=~|!~|&&|\\|\\||%[(?:)]|[-+*/%&|^~!<>=?:;,.(){}\\[\\]]|.",
            Pattern.DOTALL);

    /** Words mutants insert: keywords, operators, the preprocessor's and the lexer's edge cases. */
    private static final String[] POOL = {
        "probe", "global", "function", "if", "else", "while", "for", "foreach", "in", "limit", "return", "delete",
        "break", "continue", "next", "try", "catch", "string", "long", "private", "(", ")", "{", "}", "[", "]", ";",
        ",", ".", "=", "+=", "<<<", "++", "--", "->", "?", ":", "!", "~", "&", "|", "^", "&&", "||", "+", "-", "*",
        "/", "%", "<", ">=", "==", "=~", "@define", "@x", "@count", "@cast", "@entry", "@defined", "@var", "%(", "%?",
        "%:", "%)", "$1", "@1", "$#", "$var", "$$vars", "$$parms$", "0", "1", "-1", "18446744073709551616", "0x",
        "0777", "9999999999999999999999", "\"s\"", "\"\\x\"", "\"unterminated", "/*", "*/", "%{ %}", "%{", "#",
        "kernel.function(\"vfs_read\")", "timer.ms(0)", "begin", "end", "error", "never", "process(\"\\0\")",
        "print", "printf(\"%d\")", "exit()", "x", "a", "a[1]", "\u00e9", "\\", "`", "\u0000", "\uDCE9",
    };

    /** Tokens of a script (whitespace and comments included, so that pasting them back gives the script). */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    /** {@code n} mutants of the seeds: each deletes, duplicates, swaps, replaces or inserts 1-3 tokens. */
    static List<Input> mutants(List<Input> seeds, long seed, int n) {
        Random rnd = new Random(seed);
        List<Input> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Input base = seeds.get(rnd.nextInt(seeds.size()));
            String text = new String(base.bytes, StandardCharsets.ISO_8859_1);
            String body = text.startsWith("#!") ? text.substring(text.indexOf('\n') + 1) : text;
            String head = text.substring(0, text.length() - body.length());
            List<String> toks = tokens(body);
            StringBuilder how = new StringBuilder();
            int edits = 1 + rnd.nextInt(3);
            for (int e = 0; e < edits && !toks.isEmpty(); e++) {
                int at = rnd.nextInt(toks.size());
                switch (rnd.nextInt(5)) {
                    case 0 -> { toks.remove(at); how.append('d').append(at); }
                    case 1 -> { toks.add(at, toks.get(at)); how.append('u').append(at); }
                    case 2 -> {
                        int to = Math.min(toks.size() - 1, at + 1 + rnd.nextInt(4));
                        String t = toks.get(at);
                        toks.set(at, toks.get(to));
                        toks.set(to, t);
                        how.append('s').append(at);
                    }
                    case 3 -> { toks.set(at, " " + POOL[rnd.nextInt(POOL.length)] + " "); how.append('r').append(at); }
                    default -> { toks.add(at, " " + POOL[rnd.nextInt(POOL.length)] + " "); how.append('i').append(at); }
                }
            }
            String mutated = head + String.join("", toks);
            // Script text is bytes: chars past 0xff (from the pool) go in as UTF-8, the rest byte for byte.
            byte[] bytes = org.jstap.api.ScriptBytes.encode(latin1ToScript(mutated));
            out.add(new Input("mutant#" + i + "(" + base.name + ":" + how + ")", bytes, base.options));
        }
        return out;
    }

    /** Text read byte for byte (ISO-8859-1) back to the script's own characters, keeping pool characters. */
    private static String latin1ToScript(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x80 && c <= 0xff ? org.jstap.api.ScriptBytes.escapedByte(c) : c);
        }
        return b.toString();
    }

    /** Huge inputs of every shape that once was superlinear or crashed, at {@code n} (terms, levels, lines). */
    static List<Input> huge(int n) {
        List<String> p2 = List.of("-p2", "--raw-diagnostics");
        List<Input> out = new ArrayList<>();
        out.add(text("huge:plus" + n, "probe begin { x = 1" + "+1".repeat(n - 1) + "; println(x); exit() }\n", p2));
        out.add(text("huge:minus-no-semicolons" + n, "probe begin { x = 1" + " -1".repeat(n - 1) + " println(x) }\n", p2));
        out.add(text("huge:calls" + n / 4, "function f(x) { return x }\nprobe begin { println("
                + "f(".repeat(n / 4) + "1" + ")".repeat(n / 4) + ") }\n", p2));
        out.add(text("huge:parens" + n / 4, "probe begin { println(" + "(".repeat(n / 4) + "1" + ")".repeat(n / 4) + ") }\n", p2));
        out.add(text("huge:ifs" + n / 8, "probe begin { x = 1 " + "if (x) ".repeat(n / 8) + "println(x) }\n", p2));
        out.add(text("huge:blocks" + n / 8, "probe begin { " + "{".repeat(n / 8) + "println(1)" + "}".repeat(n / 8) + " }\n", p2));
        out.add(text("huge:unary" + n / 4, "probe begin { println(" + "-".repeat(n / 4) + "1) }\n", p2));
        out.add(text("huge:ternary" + n / 8, "probe begin { x = 1 println(" + "x ? ".repeat(n / 8) + "1" + " : 2".repeat(n / 8) + ") }\n", p2));
        out.add(text("huge:andand" + n / 4, "probe begin { x = 1 println(x" + " && x".repeat(n / 4) + ") }\n", p2));
        out.add(text("huge:concat" + n / 4, "probe begin { println(\"a\"" + " . \"b\"".repeat(n / 4) + ") }\n", p2));
        out.add(text("huge:strings" + n / 4, "probe begin { println(" + "\"ab\" ".repeat(n / 4) + ") }\n", p2));
        out.add(text("huge:arrays" + n / 8, "global a\nprobe begin { a[1] = 1 println(" + "a[".repeat(n / 8) + "1" + "]".repeat(n / 8) + ") }\n", p2));
        StringBuilder globals = new StringBuilder();
        for (int i = 0; i < n / 4; i++) globals.append("global g").append(i).append('\n');
        out.add(text("huge:warnings" + n / 4, globals + "probe begin { exit() }\n", p2));
        StringBuilder probes = new StringBuilder("global c\n");
        for (int i = 0; i < n / 20; i++) probes.append("probe timer.ms(").append(i + 1).append(") { c += ").append(i).append(" }\n");
        out.add(text("huge:probes" + n / 20, probes.toString(), p2));
        StringBuilder fns = new StringBuilder();
        for (int i = 0; i < n / 20; i++) fns.append("function f").append(i).append("(x) { return ").append(i == 0 ? "x" : "f" + (i - 1) + "(x) + 1").append(" }\n");
        out.add(text("huge:function-chain" + n / 20, fns + "probe begin { println(f" + (n / 20 - 1) + "(0)) exit() }\n", p2));
        out.add(text("huge:digits" + n * 10, "probe begin { x = " + "7".repeat(n * 10) + " }\n", p2));
        out.add(text("huge:string-literal" + n * 10, "probe begin { println(\"" + "x".repeat(n * 10) + "\") }\n", p2));
        out.add(text("huge:one-line" + n, "probe begin { " + "x = 1; ".repeat(n / 4) + "y = }\n", p2));
        StringBuilder macro = new StringBuilder("@define m0 %( 1 %)\n");
        for (int i = 1; i <= 40; i++) macro.append("@define m").append(i).append(" %( @m").append(i - 1).append(" + @m").append(i - 1).append(" %)\n");
        out.add(text("huge:doubling-macro", macro + "probe begin { println(@m40) }\n", p2));
        out.add(text("huge:nested-macro-args", "@define twice(x) %( (@x + @x) %)\nprobe begin { "
                + "@twice(".repeat(30) + "1" + ")".repeat(30) + " }\n", p2));
        out.add(text("huge:conditionals" + n / 8, "probe begin { " + "%( arch == \"x86_64\" %? ".repeat(n / 8) + "println(1)"
                + " %)".repeat(n / 8) + " }\n", p2));
        return out;
    }

    private static Input text(String name, String s, List<String> options) {
        return new Input(name, s.getBytes(StandardCharsets.UTF_8), options);
    }

    // ---- running

    /** Runs every input and counts the bad outcomes. */
    Report run(List<Input> inputs, java.util.function.Consumer<Outcome> progress) throws IOException {
        int crashes = 0, timeouts = 0, unlocated = 0;
        List<Outcome> bad = new ArrayList<>();
        int i = 0;
        for (Input in : inputs) {
            Outcome o = run(in, i++);
            progress.accept(o);
            switch (o.kind) {
                case "crash" -> crashes++;
                case "timeout" -> timeouts++;
                case "unlocated" -> unlocated++;
                default -> { continue; }
            }
            bad.add(o);
        }
        return new Report(inputs.size(), crashes, timeouts, unlocated, bad);
    }

    Outcome run(Input in, int index) throws IOException {
        Path file = work.resolve("f" + index + ".stp");
        Files.write(file, in.bytes);
        List<String> args = new ArrayList<>(in.options);
        args.add(file.toString());
        long start = System.nanoTime();
        Future<CliRun> f = pool.submit(() -> CliRun.run(registry, "", Map.of(), args.toArray(String[]::new)));
        CliRun r;
        try {
            r = f.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Outcome(in, "timeout", "over " + limitMillis + " ms", limitMillis);
        } catch (ExecutionException e) {
            return new Outcome(in, "crash", "exception out of Main: " + e.getCause(), millis(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(file);
        }
        long ms = millis(start);
        String err = r.err();
        if (err.contains("internal error") || err.contains("internal.error") || err.contains("\tat ")
                || err.contains("Exception") || r.status() > 1) {
            return new Outcome(in, "crash", "status " + r.status() + ": " + firstLines(err), ms);
        }
        for (String line : err.lines().toList()) {
            if (DIAGNOSTIC.matcher(line).find() && !LOCATED.matcher(line).matches()) {
                return new Outcome(in, "unlocated", line, ms);
            }
        }
        return new Outcome(in, "ok", "status " + r.status(), ms);
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String firstLines(String s) {
        List<String> l = s.lines().limit(6).toList();
        return String.join(" | ", l);
    }

    /**
     * The full run, for {@code bench/fuzz.sh}: {@code Fuzz CORPUS_ROOT SEED MUTANTS HUGE_N LIMIT_S}; prints each bad
     * outcome and the counts, exits 1 when anything was bad.
     */
    public static void main(String[] a) throws Exception {
        Path root = Path.of(a.length > 0 ? a[0] : "conformance-tests");
        long seed = a.length > 1 ? Long.parseLong(a[1]) : 11;
        int n = a.length > 2 ? Integer.parseInt(a[2]) : 3000;
        int hugeN = a.length > 3 ? Integer.parseInt(a[3]) : 40_000;
        long limit = (a.length > 4 ? Long.parseLong(a[4]) : 30) * 1000;
        Registry reg = Registry.discover(Fuzz.class.getClassLoader());
        Path work = Files.createTempDirectory("jstap-fuzz");
        Fuzz fuzz = new Fuzz(reg, work, limit);
        List<Input> seeds = corpus(root);
        List<Input> inputs = new ArrayList<>(mutants(seeds, seed, n));
        inputs.addAll(huge(hugeN));
        long[] slowest = {0};
        int[] done = {0};
        Report r = fuzz.run(inputs, o -> {
            slowest[0] = Math.max(slowest[0], o.millis);
            if (++done[0] % 250 == 0) System.err.println("fuzz: " + done[0] + "/" + inputs.size());
            if (!o.kind.equals("ok")) System.out.println(o.kind + " " + o.input.name + " (" + o.millis + " ms): " + o.detail);
            else if (o.input.name.startsWith("huge:")) System.out.println("ok " + o.input.name + " " + o.millis + " ms");
        });
        System.out.println("seed " + seed + ", " + seeds.size() + " corpus scripts, " + n + " mutants, "
                + (inputs.size() - n) + " huge inputs (n=" + hugeN + "): " + r.summary() + "; slowest run " + slowest[0] + " ms");
        System.exit(r.bad().isEmpty() ? 0 : 1);
    }
}
