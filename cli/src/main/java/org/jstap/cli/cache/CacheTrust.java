package org.jstap.cli.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * OpenSSH's StrictModes for the cache: an entry is used only when it and every directory from the cache root down
 * are owned by this user and writable by nobody else. The stored hash only detects damage; whoever can write the
 * directory can rewrite an artefact and its hash together, so privacy of the directory is what makes an entry
 * trustworthy. New directories are made 0700 and files 0600.
 */
final class CacheTrust {
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Integer UID = uid();

    private CacheTrust() {}

    /** Null when {@code p} may be trusted, else why not (a symlink, another owner, group or world writable). */
    static String problem(Path p) {
        try {
            if (Files.isSymbolicLink(p)) return p + " is a symbolic link";
            Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (UID != null && !UID.equals(uid)) return p + " is owned by uid " + uid + ", not by you (uid " + UID + ")";
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                return p + " is writable by " + (perms.contains(PosixFilePermission.OTHERS_WRITE) ? "others" : "its group")
                        + " (mode " + PosixFilePermissions.toString(perms) + ")";
            }
            return null;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null; // not a POSIX file system: nothing to check
        } catch (IOException e) {
            return p + " cannot be checked: " + e.getMessage();
        }
    }

    /** The first untrusted path from {@code root} down to {@code leaf} (inclusive), or null. */
    static String problem(Path root, Path leaf) {
        String r = problem(root);
        if (r != null) return r;
        Path rel = root.relativize(leaf);
        Path cur = root;
        for (Path part : rel) {
            cur = cur.resolve(part);
            if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) return null;
            String why = problem(cur);
            if (why != null) return why;
        }
        return null;
    }

    static void makePrivate(Path p, boolean dir) {
        try {
            Files.setPosixFilePermissions(p, dir ? DIR : FILE);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the trust check refuses what stays open
        }
    }

    private static Integer uid() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("Uid:")) return Integer.valueOf(l.substring(4).trim().split("\\s+")[1]);
            }
        } catch (IOException | RuntimeException e) {
            // fall back below
        }
        try {
            Path t = Files.createTempFile("jstap-uid", "");
            try {
                return (Integer) Files.getAttribute(t, "unix:uid");
            } finally {
                Files.delete(t);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
