package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jstap.irtools.Glob;

/**
 * An absolute file-name glob of a probe point ({@code process("/usr/bin/py*")}) expanded as the shell does: each
 * component matched within its directory ({@code *} does not cross a {@code /}), the matches that are regular
 * files kept with their symlinks resolved, each file once, sorted. On a multiarch system (Debian: libraries live in
 * {@code /lib/x86_64-linux-gnu}), a file looked for directly in a {@code lib*} directory is looked for in that
 * directory's multiarch subdirectory too, so {@code /lib*}{@code /libc.so.6} finds {@code /lib/x86_64-linux-gnu/libc.so.6}
 * as a user expects (stap 4.8 matches nothing there).
 */
final class FileGlob {
    private FileGlob() {}

    static List<Path> expand(String glob) {
        List<Path> dirs = List.of(Path.of("/"));
        String[] parts = glob.substring(1).split("/");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) continue;
            List<Path> next = new ArrayList<>();
            for (Path d : dirs) {
                if (!Glob.isPattern(part)) {
                    Path c = d.resolve(part);
                    if (Files.exists(c)) next.add(c);
                    continue;
                }
                var m = Glob.matcher(part);
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
                    for (Path c : ds) if (m.test(c.getFileName().toString())) next.add(c);
                } catch (IOException | RuntimeException e) {
                    // an unreadable directory matches nothing
                }
            }
            if (i == parts.length - 2 && part.startsWith("lib")) next = withMultiarch(next);
            dirs = next;
        }
        TreeSet<Path> out = new TreeSet<>();
        for (Path p : dirs) {
            try {
                Path r = p.toRealPath();
                if (Files.isRegularFile(r)) out.add(r);
            } catch (IOException | RuntimeException e) {
                // a dangling symlink
            }
        }
        return List.copyOf(out);
    }

    /** The multiarch directory name of this machine ({@code x86_64-linux-gnu}), or null if unknown. */
    static String multiarch() {
        return switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            case "x86", "i386", "i686" -> "i386-linux-gnu";
            default -> null;
        };
    }

    private static List<Path> withMultiarch(List<Path> dirs) {
        String triplet = multiarch();
        if (triplet == null) return dirs;
        List<Path> out = new ArrayList<>(dirs);
        for (Path d : dirs) {
            Path m = d.resolve(triplet);
            if (Files.isDirectory(m) && !out.contains(m)) out.add(m);
        }
        return out;
    }
}
