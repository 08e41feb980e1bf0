package org.jstap.debuginfo.btf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

/**
 * The on-disk cache of written {@code vmlinux.h} files: {@code DIR/<btf sha256>/<roots key>.h}. Writing the full
 * header takes a second or so; a cache hit is a file read. Files are written to a temporary name and renamed into
 * place, so a reader never sees half a header; any failure only means the header is not cached.
 */
final class VmlinuxHeaders {
    private VmlinuxHeaders() {}

    static String cached(Path dir, String btfHash, String key, Supplier<String> write) {
        Path file = dir == null ? null : dir.resolve(btfHash).resolve(key + ".h");
        if (file != null && Files.isRegularFile(file)) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                // a damaged entry: write it again
            }
        }
        String text = write.get();
        if (file != null) {
            try {
                createPrivate(dir);
                createPrivate(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), key, ".h.tmp");
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                // not cached this time
            }
        }
        return text;
    }

    /** Headers are compiled into programs the kernel runs: the cache is the user's own (0700). */
    private static void createPrivate(Path d) throws IOException {
        if (Files.isDirectory(d)) return;
        Files.createDirectories(d.getParent());
        try {
            Files.createDirectory(d, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(d);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // made by another process meanwhile
        }
    }
}
