package org.jstap.debuginfo.btf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * One object's DWARF as standalone BTF: {@code pahole -J --btf_encode_detached=OUT OBJECT}, cached under the
 * jstap cache ({@link #cacheDir}: {@code headers/} for {@link HeaderBtf}'s compiled headers, {@code programs/} for
 * {@link ProgramBtf}'s probed programs) by a key the caller makes of what determines the object's types. The one
 * place jstap runs pahole.
 */
final class PaholeBtf {
    private PaholeBtf() {}

    /** The cached BTF under {@code key} in cache folder {@code kind}, or null when there is none (or unreadable). */
    static byte[] cached(String kind, String key) {
        Path f = cacheDir(kind).resolve(key + ".btf");
        try {
            return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Why pahole cannot run here, or null when it can. */
    static String missing() {
        return tool("pahole") ? null : "pahole (Debian package dwarves) is not installed";
    }

    /**
     * Encodes {@code object}'s DWARF and stores it under {@code key} (a read-only cache only costs the next run the
     * encoding again): the BTF; an {@link IOException} says why there is none, in words for the user.
     */
    static byte[] encode(Path object, String kind, String key) throws IOException {
        String no = missing();
        if (no != null) throw new IOException(no);
        Path tmp = Files.createTempDirectory("jstap-pahole");
        try {
            Path btf = tmp.resolve("out.btf");
            String err = run(tmp, "pahole", "-J", "--btf_encode_detached=" + btf, object.toString());
            if (err != null) throw new IOException("pahole: " + err);
            byte[] data = Files.readAllBytes(btf);
            Path cached = cacheDir(kind).resolve(key + ".btf");
            try {
                Files.createDirectories(cached.getParent());
                Path part = Files.createTempFile(cached.getParent(), key, ".part");
                Files.write(part, data);
                Files.move(part, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // not cached: the next run encodes it again
            }
            return data;
        } finally {
            HeaderBtf.deleteTree(tmp);
        }
    }

    /** {@code $JSTAP_CACHE_DIR/KIND}, else {@code $XDG_CACHE_HOME/jstap/KIND}, else {@code ~/.cache/jstap/KIND}. */
    static Path cacheDir(String kind) {
        String dir = System.getenv("JSTAP_CACHE_DIR");
        if (dir != null && !dir.isEmpty()) return Path.of(dir, kind);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty()) return Path.of(xdg, "jstap", kind);
        return Path.of(System.getProperty("user.home"), ".cache", "jstap", kind);
    }

    static boolean tool(String name) {
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
    static String version(String tool) {
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
    static String run(Path dir, String... cmd) throws IOException {
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
}
