package org.jstap.debuginfo.btf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An x86 bzImage ({@code /boot/vmlinuz-*}): reads the boot-protocol header for the kernel's version string without
 * decompressing anything, and decompresses an LZ4 payload back to the vmlinux ELF (where {@code .BTF} lives).
 */
public final class BzImage {
    private final byte[] image;

    private BzImage(byte[] image) {
        this.image = image;
    }

    public static BzImage read(Path vmlinuz) throws IOException {
        return new BzImage(Files.readAllBytes(vmlinuz));
    }

    /** Reads only the first 64 KiB of an image: enough for {@link #headerVersion()}, not for {@link #vmlinux()}. */
    public static BzImage readHeader(Path vmlinuz) throws IOException {
        try (var in = Files.newInputStream(vmlinuz)) {
            return new BzImage(in.readNBytes(64 * 1024));
        }
    }

    public static BzImage of(byte[] image) {
        return new BzImage(image);
    }

    private boolean hasHeader() {
        return image.length > 0x260 && image[0x202] == 'H' && image[0x203] == 'd' && image[0x204] == 'r' && image[0x205] == 'S';
    }

    /**
     * The header's kernel version string, e.g. {@code 6.1.0-27-cloud-amd64 (debian-kernel@...) #1 SMP ... Debian ...},
     * if the image has one.
     */
    public Optional<String> headerVersion() {
        if (!hasHeader()) return Optional.empty();
        int ptr = (image[0x20e] & 0xff) | (image[0x20f] & 0xff) << 8;
        if (ptr == 0) return Optional.empty();
        int at = ptr + 0x200;
        int e = at;
        while (e < image.length && image[e] != 0 && e - at < 512) e++;
        return at < image.length ? Optional.of(new String(image, at, e - at, StandardCharsets.ISO_8859_1)) : Optional.empty();
    }

    /** The build string ({@code uname -v} form, from {@code #}) of a {@code Linux version ...} or header string. */
    public static Optional<String> buildString(String versionLine) {
        int i = versionLine.indexOf(" #");
        if (i < 0) return Optional.empty();
        String v = versionLine.substring(i + 1);
        int nl = v.indexOf('\n');
        return Optional.of((nl >= 0 ? v.substring(0, nl) : v).trim());
    }

    /** Decompresses the payload to the vmlinux ELF image. Only LZ4 (Debian's choice) is supported. */
    public byte[] vmlinux() throws IOException {
        if (hasHeader()) {
            int setupSects = image[0x1f1] & 0xff;
            if (setupSects == 0) setupSects = 4;
            int pm = (setupSects + 1) * 512;
            int payloadOff = Lz4Legacy.le32(image, 0x248);
            int payloadLen = Lz4Legacy.le32(image, 0x24c);
            int start = pm + payloadOff;
            if (payloadOff > 0 && payloadLen > 8 && start + payloadLen <= image.length && Lz4Legacy.le32(image, start) == Lz4Legacy.MAGIC) {
                int hint = Lz4Legacy.le32(image, start + payloadLen - 4);   // the kernel appends the uncompressed size
                byte[] out = Lz4Legacy.decompress(image, start, start + payloadLen, hint > 0 && hint < (1 << 30) ? hint : 0);
                if (ElfFile.isElf64(java.nio.ByteBuffer.wrap(out))) return out;
            }
        }
        // No usable header: try every LZ4 magic in the file until an ELF falls out.
        for (int i = 0; i + 4 <= image.length; i++) {
            if (image[i] == 0x02 && image[i + 1] == 0x21 && image[i + 2] == 0x4c && image[i + 3] == 0x18) {
                try {
                    byte[] out = Lz4Legacy.decompress(image, i, image.length, 0);
                    if (ElfFile.isElf64(java.nio.ByteBuffer.wrap(out))) return out;
                } catch (IOException ignored) {
                    // not a real stream start; keep scanning
                }
            }
        }
        throw new IOException("no LZ4-compressed vmlinux found in the image (other compressions are not supported)");
    }

    /**
     * The {@code Linux version ...} banner line inside a decompressed vmlinux, if found. An image can hold more than
     * one (6.1 keeps a placeholder copy with an empty build number, {@code # SMP}); the one with a build number wins.
     */
    public static Optional<String> banner(byte[] vmlinux) {
        byte[] needle = "Linux version ".getBytes(StandardCharsets.ISO_8859_1);
        String first = null;
        outer:
        for (int i = 0; i + needle.length < vmlinux.length; i++) {
            if (vmlinux[i] != 'L') continue;
            for (int k = 1; k < needle.length; k++) if (vmlinux[i + k] != needle[k]) continue outer;
            int s = i + needle.length;
            if (s >= vmlinux.length || !Character.isDigit(vmlinux[s])) continue;  // skip format strings such as "%s"
            int e = s;
            while (e < vmlinux.length && vmlinux[e] != 0 && vmlinux[e] != '\n' && e - i < 1024) e++;
            String line = new String(vmlinux, i, e - i, StandardCharsets.ISO_8859_1);
            Optional<String> build = buildString(line);
            if (build.isPresent() && build.get().length() > 1 && Character.isDigit(build.get().charAt(1))) return Optional.of(line);
            if (first == null) first = line;
            i = e;
        }
        return Optional.ofNullable(first);
    }
}
