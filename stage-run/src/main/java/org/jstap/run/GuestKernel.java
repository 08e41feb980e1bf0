package org.jstap.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An installed kernel the test VM can boot: {@code /boot/vmlinuz-<release>} with its modules directory (which must
 * hold virtio_console). {@code buildString} is its {@code uname -v}, read from the bzImage header, or null.
 */
public record GuestKernel(String release, Path image, Path modulesDir, String buildString) {
    static final Path BOOT = Paths.get("/boot");
    static final Path MODULES = Paths.get("/lib/modules");

    /** Every bootable kernel, newest release last. */
    public static List<GuestKernel> installed() {
        return installed(BOOT, MODULES);
    }

    static List<GuestKernel> installed(Path boot, Path modules) {
        List<GuestKernel> out = new ArrayList<>();
        if (!Files.isDirectory(boot)) return out;
        try (Stream<Path> s = Files.list(boot)) {
            s.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).sorted().forEach(img -> {
                String rel = img.getFileName().toString().substring("vmlinuz-".length());
                Path md = modules.resolve(rel);
                if (Files.isReadable(img) && VirtioModules.find(md, "virtio_console").isPresent()) {
                    out.add(new GuestKernel(rel, img, md, buildString(img)));
                }
            });
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing(GuestKernel::release, GuestKernel::compareReleases));
        return out;
    }

    /** The kernel with this release, or (release null) the newest. */
    public static Optional<GuestKernel> find(String release) {
        List<GuestKernel> all = installed();
        if (release == null) return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
        return all.stream().filter(k -> k.release().equals(release)).findFirst();
    }

    /**
     * {@code uname -v} from the bzImage: the setup header's {@code kernel_version} field (offset 0x20e) points
     * (+0x200) at "RELEASE (builder) #1 SMP ... DATE"; uname -v is the part from '#'.
     */
    static String buildString(Path image) {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
            byte[] hdr = new byte[0x210];
            f.readFully(hdr);
            if (hdr[0x202] != 'H' || hdr[0x203] != 'd' || hdr[0x204] != 'r' || hdr[0x205] != 'S') return null;
            int off = (hdr[0x20e] & 0xff | (hdr[0x20f] & 0xff) << 8) + 0x200;
            byte[] s = new byte[256];
            f.seek(off);
            int n = f.read(s);
            int end = 0;
            while (end < n && s[end] != 0) end++;
            String v = new String(s, 0, end, StandardCharsets.ISO_8859_1);
            int hash = v.indexOf('#');
            return hash < 0 ? null : v.substring(hash).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Numeric-aware comparison so 6.1.0-10 sorts after 6.1.0-9. */
    static int compareReleases(String a, String b) {
        String[] x = a.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
        String[] y = b.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            if (Character.isDigit(x[i].charAt(0)) && Character.isDigit(y[i].charAt(0))) {
                c = new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i]));
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    }
}
