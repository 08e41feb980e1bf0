package org.jstap.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The guest modules the agent needs, in load order: virtio-pci transport, virtio-serial (the control port) and
 * virtio-blk (the scratch disk). Found by name under {@code /lib/modules/<rel>/kernel}, possibly compressed
 * ({@code .ko.xz}, {@code .ko.zst}, {@code .ko.gz}): those are decompressed, since busybox insmod takes plain ELF.
 */
final class VirtioModules {
    static final List<String> LOAD_ORDER = List.of("virtio_ring", "virtio", "virtio_pci_legacy_dev",
            "virtio_pci_modern_dev", "virtio_pci", "virtio_console", "virtio_blk");
    /** Without these the agent cannot talk to the host. */
    static final List<String> REQUIRED = List.of("virtio_ring", "virtio", "virtio_pci", "virtio_console");

    private VirtioModules() {}

    static Optional<Path> find(Path modulesDir, String name) {
        Path kernel = modulesDir.resolve("kernel");
        if (!Files.isDirectory(kernel)) return Optional.empty();
        for (String sub : List.of("drivers/virtio", "drivers/char", "drivers/block")) {
            for (String ext : List.of(".ko", ".ko.xz", ".ko.zst", ".ko.gz")) {
                Path p = kernel.resolve(sub).resolve(name + ext);
                if (Files.isRegularFile(p)) return Optional.of(p);
            }
        }
        try (Stream<Path> s = Files.walk(kernel)) {
            return s.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(name)
                    + "\\.ko(\\.xz|\\.zst|\\.gz)?")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The module as a plain ELF .ko. */
    static byte[] read(Path ko) throws IOException {
        String n = ko.getFileName().toString();
        if (n.endsWith(".ko")) return Files.readAllBytes(ko);
        if (n.endsWith(".gz")) {
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(ko))) {
                return in.readAllBytes();
            }
        }
        String tool = n.endsWith(".xz") ? "xz" : "zstd";
        Process p = new ProcessBuilder(tool, "-dc", ko.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(tool + " -dc " + ko + " failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return out;
    }
}
