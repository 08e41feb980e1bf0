package org.jstap.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * The test VM's initramfs, written in Java as a gzip'd {@code newc} cpio: busybox-static, the agent as
 * {@code /init}, the loader when there is one, the virtio modules (decompressed) and any {@code --vm-file}s
 * at their absolute paths.
 */
public final class Initramfs {
    static final String AGENT_RESOURCE = "agent-init.sh";
    static final List<Path> BUSYBOX_CANDIDATES = List.of(Paths.get("/bin/busybox"), Paths.get("/usr/bin/busybox"));

    private final GuestKernel kernel;
    private Path busybox;
    private Path loader;
    private final List<Path> extraFiles = new ArrayList<>();
    private final Map<String, SshGuest.GuestFile> guestFiles = new LinkedHashMap<>();

    public Initramfs(GuestKernel kernel) {
        this.kernel = kernel;
        this.busybox = findBusybox().orElse(null);
    }

    public static Optional<Path> findBusybox() {
        return BUSYBOX_CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    }

    public Initramfs busybox(Path p) {
        busybox = p;
        return this;
    }

    /** The {@code jstaprun} binary (static), or null for the insmod/rmmod fallback. */
    public Initramfs loader(Path p) {
        loader = p;
        return this;
    }

    public Initramfs extraFiles(List<Path> files) {
        extraFiles.addAll(files);
        return this;
    }

    /** Files given by content at absolute guest paths (a fleet VM's sshd). */
    Initramfs guestFiles(Map<String, SshGuest.GuestFile> files) {
        guestFiles.putAll(files);
        return this;
    }

    /** Where a host file lands in the guest: the same absolute path. */
    static String guestPath(Path hostFile) {
        return hostFile.toAbsolutePath().normalize().toString();
    }

    public static byte[] agentScript() {
        try (InputStream in = Initramfs.class.getResourceAsStream(AGENT_RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + AGENT_RESOURCE);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The gzip'd cpio bytes. */
    public byte[] build() throws IOException {
        if (busybox == null) throw new IOException("busybox (static) not found; install busybox-static");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 21);
        GzipParameters gp = new GzipParameters();
        gp.setCompressionLevel(Deflater.BEST_SPEED);
        try (OutputStream gz = new GzipCompressorOutputStream(bytes, gp);
             CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(gz, CpioConstants.FORMAT_NEW)) {
            Writer w = new Writer(cpio);
            for (String d : List.of("bin", "dev", "proc", "sys", "tmp", "lib", "lib/modules", "mnt", "root")) w.dir(d);
            w.node("dev/console", 5, 1);
            w.file("init", agentScript(), 0755);
            w.file("bin/busybox", Files.readAllBytes(busybox), 0755);
            if (loader != null) w.file("bin/jstaprun", Files.readAllBytes(loader), 0755);
            for (String m : VirtioModules.LOAD_ORDER) {
                Optional<Path> p = VirtioModules.find(kernel.modulesDir(), m);
                if (p.isEmpty()) {
                    if (VirtioModules.REQUIRED.contains(m)) {
                        throw new IOException("module " + m + " not found under " + kernel.modulesDir());
                    }
                    continue; // built into the kernel or not needed
                }
                w.file("lib/modules/" + m + ".ko", VirtioModules.read(p.get()), 0644);
            }
            for (Path f : extraFiles) {
                String g = guestPath(f).substring(1);
                w.parents(g);
                w.file(g, Files.readAllBytes(f), Files.isExecutable(f) ? 0755 : 0644);
            }
            for (Map.Entry<String, SshGuest.GuestFile> e : guestFiles.entrySet()) {
                String g = e.getKey().substring(1);
                w.parents(g);
                w.file(g, e.getValue().data(), e.getValue().mode());
            }
            cpio.finish();
        }
        return bytes.toByteArray();
    }

    public void writeTo(Path file) throws IOException {
        Files.write(file, build());
    }

    /** Names and sizes in archive order; for tests and {@code jstap vm status}. */
    public static Map<String, Long> list(byte[] gzCpio) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (var in = new org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(
                        new java.io.ByteArrayInputStream(gzCpio)))) {
            CpioArchiveEntry e;
            while ((e = in.getNextEntry()) != null) out.put(e.getName(), e.getSize());
        }
        return out;
    }

    private static final class Writer {
        final CpioArchiveOutputStream cpio;
        final TreeSet<String> dirs = new TreeSet<>();
        final long now = System.currentTimeMillis() / 1000;

        Writer(CpioArchiveOutputStream cpio) {
            this.cpio = cpio;
        }

        void dir(String name) throws IOException {
            if (!dirs.add(name)) return;
            CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, 0);
            e.setMode(CpioConstants.C_ISDIR | 0755);
            e.setNumberOfLinks(2);
            e.setTime(now);
            cpio.putArchiveEntry(e);
            cpio.closeArchiveEntry();
        }

        void parents(String path) throws IOException {
            int i = 0;
            while ((i = path.indexOf('/', i + 1)) > 0) dir(path.substring(0, i));
        }

        void node(String name, int major, int minor) throws IOException {
            CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, 0);
            e.setMode(CpioConstants.C_ISCHR | 0600);
            e.setRemoteDeviceMaj(major);
            e.setRemoteDeviceMin(minor);
            e.setNumberOfLinks(1);
            e.setTime(now);
            cpio.putArchiveEntry(e);
            cpio.closeArchiveEntry();
        }

        void file(String name, byte[] data, int perm) throws IOException {
            CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, data.length);
            e.setMode(CpioConstants.C_ISREG | perm);
            e.setNumberOfLinks(1);
            e.setTime(now);
            cpio.putArchiveEntry(e);
            cpio.write(data);
            cpio.closeArchiveEntry();
        }
    }
}
