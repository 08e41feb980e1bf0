package org.jstap.backend.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code vmlinux.h} the generated C compiles against: every type of the running kernel's BTF as C.
 * CO-RE relocations make the object independent of it, so any BTF kernel's header does.
 * Stopgap until the "bpfsupport" helper lands jstap's own vmlinux.h writer (from our BTF reader): this class runs
 * {@code bpftool btf dump file /sys/kernel/btf/vmlinux format c}, cached by the BTF's size and mtime; they replace it.
 */
final class VmlinuxHeader {
    static final Path BTF = Paths.get("/sys/kernel/btf/vmlinux");

    private VmlinuxHeader() {}

    /** The cached header, written first if needed; throws IOException with a one-line reason. */
    static Path get() throws IOException {
        if (!Files.isReadable(BTF)) throw new IOException("this kernel has no BTF (" + BTF + " is missing)");
        String key = org.jstap.api.artefact.Hashes.sha256(String.valueOf(Files.size(BTF)),
                String.valueOf(Files.getLastModifiedTime(BTF).toMillis()), readVersion()).substring(0, 16);
        Path out = BpfCache.dir().resolve("vmlinux-" + key + ".h");
        if (Files.isRegularFile(out)) return out;
        Files.createDirectories(out.getParent());
        Path tmp = Files.createTempFile(out.getParent(), "vmlinux", ".tmp");
        try {
            Process p = new ProcessBuilder(List.of("bpftool", "btf", "dump", "file", BTF.toString(), "format", "c"))
                    .redirectOutput(tmp.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("bpftool could not dump the kernel's BTF as C");
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("bpftool")) throw e;
            throw new IOException("cannot run bpftool (apt-get install bpftool): " + e.getMessage());
        } finally {
            Files.deleteIfExists(tmp);
        }
        return out;
    }

    private static String readVersion() {
        try {
            return Files.readString(Paths.get("/proc/sys/kernel/osrelease")).trim() + " "
                    + Files.readString(Paths.get("/proc/sys/kernel/version")).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
