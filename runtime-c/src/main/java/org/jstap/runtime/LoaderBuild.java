package org.jstap.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the static {@code jstaprun} loader from the sources shipped in this jar
 * ({@code c/jstaprun/jstaprun.c}) with {@code gcc -static -O2}, e.g. for the test VM's initramfs.
 */
public final class LoaderBuild {
    /** Resource path of the loader's source. */
    public static final String SOURCE = "c/jstaprun/jstaprun.c";
    private static final long TIMEOUT_SECONDS = 120;

    private LoaderBuild() {
    }

    /** Thrown when gcc is missing or fails; the message carries gcc's output. */
    public static final class LoaderBuildException extends Exception {
        private static final long serialVersionUID = 1L;

        public LoaderBuildException(String message) {
            super(message);
        }
    }

    /** The C compiler used: {@code $JSTAP_CC}, else {@code gcc}. */
    public static String compiler() {
        String cc = System.getenv("JSTAP_CC");
        return cc == null || cc.isBlank() ? "gcc" : cc;
    }

    /** True if a static C library is installed (package libc6-dev on Debian). */
    public static boolean staticLibcAvailable() {
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu")) {
            if (Files.isRegularFile(Path.of(dir, "libc.a"))) {
                return true;
            }
        }
        return false;
    }

    /** Builds the loader into {@code output} (created or replaced) and returns it. */
    public static Path build(Path output) throws LoaderBuildException, IOException {
        Path work = Files.createTempDirectory("jstaprun-build");
        try {
            Path src = work.resolve("jstaprun.c");
            try (InputStream in = LoaderBuild.class.getClassLoader().getResourceAsStream(SOURCE)) {
                if (in == null) {
                    throw new LoaderBuildException("loader source " + SOURCE + " is not on the class path");
                }
                Files.copy(in, src, StandardCopyOption.REPLACE_EXISTING);
            }
            Path tmpOut = work.resolve("jstaprun");
            List<String> cmd = List.of(compiler(), "-static", "-O2", "-Wall", "-Wextra", "-pthread",
                    "-o", tmpOut.toString(), src.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new LoaderBuildException("cannot run " + compiler() + ": " + e.getMessage());
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new LoaderBuildException("gcc timed out building jstaprun");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new LoaderBuildException("interrupted while building jstaprun");
            }
            if (p.exitValue() != 0) {
                String hint = staticLibcAvailable() ? "" : " (no static libc: apt-get install libc6-dev)";
                throw new LoaderBuildException("building jstaprun failed" + hint + ":\n" + out);
            }
            if (output.getParent() != null) {
                Files.createDirectories(output.getParent());
            }
            Files.move(tmpOut, output, StandardCopyOption.REPLACE_EXISTING);
            return output;
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
