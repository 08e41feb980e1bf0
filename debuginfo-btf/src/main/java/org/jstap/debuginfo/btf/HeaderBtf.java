package org.jstap.debuginfo.btf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Type information for the headers of a {@code @cast(p, "T", "<sys/un.h>")}, kept as BTF so that BTF stays the
 * only type reader: a C file including the headers is compiled with {@code -g
 * -fno-eliminate-unused-debug-types} (so every declared type is in the DWARF, and one compile serves every type
 * of that header list) and {@code pahole -J} turns the DWARF into standalone BTF.
 *
 * <p>The BTF is cached under {@code $JSTAP_CACHE_DIR/headers} (else {@code $XDG_CACHE_HOME/jstap/headers}, else
 * {@code ~/.cache/jstap/headers}), keyed by the header list and the compiler's and pahole's versions, and once
 * per process in memory.
 */
public final class HeaderBtf {
    /** What a header list turned into: the BTF, or why there is none (a compiler message, a missing tool). */
    public sealed interface Result {
        record Ok(BtfDebugInfo debugInfo) implements Result {}

        record Failed(String reason) implements Result {}
    }

    /** Header names are spliced into a C file: no quotes, brackets, spaces or newlines. */
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9_./+-]+");
    private static final Map<List<String>, Result> MEMO = new ConcurrentHashMap<>();

    private HeaderBtf() {}

    /** The BTF of every type the headers declare. */
    public static Result load(List<String> headers) {
        return MEMO.computeIfAbsent(List.copyOf(headers), HeaderBtf::compute);
    }

    private static Result compute(List<String> headers) {
        for (String h : headers) {
            if (!HEADER.matcher(h).matches()) return new Result.Failed("bad header name '" + h + "'");
        }
        String cc = tool("gcc") ? "gcc" : tool("clang") ? "clang" : null;
        if (cc == null) return new Result.Failed("no C compiler (gcc or clang) to read the header with");
        if (!tool("pahole")) return new Result.Failed("pahole (Debian package dwarves) is not installed");
        String key = BtfDebugInfo.sha256((String.join("\n", headers) + "\n" + version(cc) + "\n" + version("pahole"))
                .getBytes(StandardCharsets.UTF_8));
        Path cached = cacheDir().resolve(key + ".btf");
        try {
            if (Files.isRegularFile(cached)) return ok(Files.readAllBytes(cached), headers);
        } catch (IOException e) {
            // unreadable cache entry: build it again
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("jstap-hdr");
            StringBuilder c = new StringBuilder();
            for (String h : headers) c.append("#include <").append(h).append(">\n");
            c.append("int __jstap_header_types;\n");
            Path src = tmp.resolve("t.c");
            Path obj = tmp.resolve("t.o");
            Path btf = tmp.resolve("t.btf");
            Files.writeString(src, c);
            String err = run(tmp, cc, "-g", "-fno-eliminate-unused-debug-types", "-c", src.toString(), "-o",
                    obj.toString());
            if (err != null) return new Result.Failed(err);
            err = run(tmp, "pahole", "-J", "--btf_encode_detached=" + btf, obj.toString());
            if (err != null) return new Result.Failed("pahole: " + err);
            byte[] data = Files.readAllBytes(btf);
            try {
                Files.createDirectories(cached.getParent());
                Path part = Files.createTempFile(cached.getParent(), key, ".part");
                Files.write(part, data);
                Files.move(part, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // a read-only cache only costs the next run a compile
            }
            return ok(data, headers);
        } catch (IOException e) {
            return new Result.Failed(e.getMessage());
        } finally {
            if (tmp != null) deleteTree(tmp);
        }
    }

    private static Result ok(byte[] data, List<String> headers) throws IOException {
        return new Result.Ok(BtfDebugInfo.load(data, "<" + String.join("><", headers) + ">"));
    }

    static Path cacheDir() {
        String dir = System.getenv("JSTAP_CACHE_DIR");
        if (dir != null && !dir.isEmpty()) return Path.of(dir, "headers");
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty()) return Path.of(xdg, "jstap", "headers");
        return Path.of(System.getProperty("user.home"), ".cache", "jstap", "headers");
    }

    private static boolean tool(String name) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) return true;
        }
        return false;
    }

    /**
     * The tool's version as a cache key without running it (a cached lookup then costs no process): the
     * resolved binary ({@code gcc} → {@code x86_64-linux-gnu-gcc-12}), its size and modification time, which any
     * upgrade changes.
     */
    private static String version(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = d.isEmpty() ? null : Path.of(d, tool);
            if (p == null || !Files.isExecutable(p)) continue;
            try {
                Path real = p.toRealPath();
                return real + " " + Files.size(real) + " " + Files.getLastModifiedTime(real).toMillis();
            } catch (IOException e) {
                return p.toString();
            }
        }
        return "?";
    }

    /** Runs a tool; null when it succeeded, else its first error line (or exit status). */
    private static String run(Path dir, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return cmd[0] + " timed out";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return cmd[0] + " interrupted";
        }
        if (p.exitValue() == 0) return null;
        for (String line : out.split("\n")) {
            int e = line.indexOf("error");
            if (e >= 0) return line.substring(e).strip(); // "fatal error: x.h: No such file or directory"
        }
        return cmd[0] + " exited with status " + p.exitValue();
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // temp files left behind are harmless
        }
    }
}
