package org.jstap.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where pass 4 builds: one private root {@code $TMPDIR/jstap-build-USER} (0700) holding {@code build-PID-N}
 * directories. A jstap killed mid-build (SIGKILL runs no cleanup) leaves its directory behind; the next build
 * removes every {@code build-PID-*} whose process is gone. {@code -k} directories are named {@code kept-PID-N}
 * and never cleaned.
 */
final class BuildDirs {
    private final Path root;

    BuildDirs(Path root) {
        this.root = root;
    }

    static BuildDirs standard() {
        return new BuildDirs(Paths.get(System.getProperty("java.io.tmpdir"), "jstap-build-"
                + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_")));
    }

    /** A new build directory (cleaning stale ones first); a root we cannot trust falls back to a plain temp dir. */
    Path create(boolean keep) throws IOException {
        if (!usableRoot()) return Files.createTempDirectory("jstap");
        cleanStale();
        return Files.createTempDirectory(root, (keep ? "kept-" : "build-") + ProcessHandle.current().pid() + "-");
    }

    /** {@code --tmpdir=DIR}: a new build directory in DIR, which must exist (as stap's mkdtemp there needs). */
    static Path in(Path dir, boolean keep) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("--tmpdir=" + dir + ": no such directory");
        return Files.createTempDirectory(dir, "stap" + (keep ? "-kept-" : "-"));
    }

    /** Removes {@code build-PID-*} of processes that no longer run; returns how many. */
    int cleanStale() {
        int n = 0;
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.toList()) {
                String name = d.getFileName().toString();
                if (!name.startsWith("build-")) continue;
                String[] parts = name.split("-");
                if (parts.length < 3) continue;
                long pid;
                try {
                    pid = Long.parseLong(parts[1]);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                BuildStage.deleteTree(d);
                n++;
            }
        } catch (IOException e) {
            // nothing to clean
        }
        return n;
    }

    private boolean usableRoot() {
        try {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(root);
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
            }
            if (Files.isSymbolicLink(root) || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) return false;
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS);
            boolean open = p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE);
            return !open && ownedByUs();
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private boolean ownedByUs() throws IOException {
        Path probe = Files.createTempFile("jstap-owner", "");
        try {
            return Files.getOwner(probe).equals(Files.getOwner(root, LinkOption.NOFOLLOW_LINKS));
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    Path root() {
        return root;
    }
}
