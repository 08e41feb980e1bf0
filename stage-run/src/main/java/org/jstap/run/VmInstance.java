package org.jstap.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One test VM, managed through a state directory so that separate jstap processes can share it:
 * {@code qemu.pid}, {@code ctl.sock} (virtio-serial control port), {@code console.log} (ttyS0; older ones kept as
 * {@code console-N.log}), {@code initramfs.cpio.gz}, {@code disk.img} (64 MB sparse scratch disk, the guest's
 * {@code /dev/vda}), {@code vm.properties} (kernel, accel, timings) and {@code lock} (one client at a time).
 * QEMU runs daemonized, so the VM outlives the process that started it until {@link #stop()}.
 */
public final class VmInstance {
    public static final long DISK_BYTES = 64L << 20;
    static final int KEEP_CONSOLE_LOGS = 5;

    /**
     * How to boot. {@code loader} may be null (agent falls back to insmod/rmmod); {@code ssh} (null: none) gives a
     * fleet VM its network, port forward and sshd.
     */
    public record Config(GuestKernel kernel, Path loader, List<Path> vmFiles, int smp, int memoryMb, SshGuest ssh) {
        public Config {
            vmFiles = List.copyOf(vmFiles);
        }

        public Config(GuestKernel kernel, Path loader, List<Path> vmFiles, int smp, int memoryMb) {
            this(kernel, loader, vmFiles, smp, memoryMb, null);
        }

        public static Config defaults(GuestKernel kernel, Path loader) {
            return new Config(kernel, loader, List.of(), 1, 512);
        }
    }

    /** Timings of a start, for {@code jstap vm status} and the benchmarks. */
    public record Started(String release, String build, String accel, long initramfsMillis, long bootMillis,
                          double guestUptime) {}

    /** vm.properties key: SHA-256 of the guest's /bin/jstaprun (absent: unknown, the next run sends its own). */
    static final String LOADER_SHA = "loaderSha";
    /** vm.properties key: the 127.0.0.1 port forwarded to a fleet VM's sshd. */
    static final String SSH_PORT = "sshPort";

    private final Path dir;

    public VmInstance(Path stateDir) {
        this.dir = stateDir.toAbsolutePath().normalize();
    }

    /** {@code $JSTAP_VM_DIR}, else {@code $XDG_RUNTIME_DIR/jstap/vm}, else {@code ~/.cache/jstap/vm}. */
    public static Path defaultStateDir() {
        String own = System.getenv("JSTAP_VM_DIR");
        if (own != null && !own.isEmpty()) return Paths.get(own);
        String rt = System.getenv("XDG_RUNTIME_DIR");
        if (rt != null && !rt.isEmpty() && Files.isDirectory(Paths.get(rt))) return Paths.get(rt, "jstap", "vm");
        return Paths.get(System.getProperty("user.home"), ".cache", "jstap", "vm");
    }

    /** A fleet VM's state dir: beside the default one, {@code vm-NAME}. */
    public static Path namedStateDir(String name) {
        Path d = defaultStateDir().toAbsolutePath();
        return d.resolveSibling(d.getFileName() + "-" + name);
    }

    /** A fleet VM's ssh target ({@code root@127.0.0.1:PORT}), or null. */
    public String sshTarget() {
        String port = properties().getProperty(SSH_PORT);
        return port == null ? null : "root@127.0.0.1:" + port;
    }

    public Path stateDir() {
        return dir;
    }

    public Path socket() {
        return dir.resolve("ctl.sock");
    }

    public Path consoleLog() {
        return dir.resolve("console.log");
    }

    Path pidFile() {
        return dir.resolve("qemu.pid");
    }

    Path propsFile() {
        return dir.resolve("vm.properties");
    }

    /** The QEMU process, if the pid file names a live QEMU. */
    public Optional<ProcessHandle> process() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile()).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("qemu")).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isRunning() {
        return process().isPresent();
    }

    /** What {@code vm.properties} says (empty when never started here). */
    public Properties properties() {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(propsFile())) {
            p.load(r);
        } catch (IOException e) {
            // no VM yet
        }
        return p;
    }

    /** Changes one entry of {@code vm.properties} (the caller holds {@link #lock()}). */
    void setProperty(String key, String value) throws IOException {
        Properties p = properties();
        p.setProperty(key, value);
        Path tmp = dir.resolve("vm.properties.tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "jstap test VM");
        }
        Files.move(tmp, propsFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The running VM's kernel release, or null. */
    public String release() {
        return isRunning() ? properties().getProperty("release") : null;
    }

    /** Serialises clients of this VM (the control port takes one connection at a time). */
    public FileLock lock() throws IOException {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        return ch.lock();
    }

    static List<String> qemuCommand(Config c, String accel, Path dir) {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64"));
        cmd.addAll(Accel.qemuArgs(accel));
        cmd.addAll(List.of("-smp", String.valueOf(c.smp()), "-m", String.valueOf(c.memoryMb()),
                "-display", "none", "-no-reboot", "-nodefaults", "-no-user-config",
                "-kernel", c.kernel().image().toString(),
                "-initrd", dir.resolve("initramfs.cpio.gz").toString(),
                "-append", "console=ttyS0 quiet panic=-1",
                "-serial", "file:" + dir.resolve("console.log"),
                "-drive", "file=" + dir.resolve("disk.img") + ",if=virtio,format=raw",
                "-device", "virtio-serial-pci",
                "-chardev", "socket,id=ctl,path=" + dir.resolve("ctl.sock") + ",server=on,wait=off",
                "-device", "virtserialport,chardev=ctl,name=ctl",
                "-daemonize", "-pidfile", dir.resolve("qemu.pid").toString()));
        if (c.ssh() != null) cmd.addAll(c.ssh().qemuArgs());
        return cmd;
    }

    /** Boots the VM and waits until its agent answers. Fails if one is already running here. */
    public synchronized Started start(Config c, Duration bootTimeout) throws IOException {
        return start(c, bootTimeout, false);
    }

    /**
     * As above; {@code tied}: QEMU is not daemonized but dies with the thread that starts it, even on SIGKILL of
     * this JVM (a private VM must not outlive its client): it runs under {@code setpriv --pdeathsig KILL}, which
     * sets the parent-death signal and execs QEMU (where setpriv is missing, QEMU runs as a plain child; the next
     * private VM's {@link PrivateVms#cleanStale} ends it then).
     */
    public synchronized Started start(Config c, Duration bootTimeout, boolean tied) throws IOException {
        if (isRunning()) throw new IOException("a VM is already running (state dir " + dir + ")");
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        Initramfs init = new Initramfs(c.kernel()).loader(c.loader()).extraFiles(c.vmFiles());
        if (c.ssh() != null) {
            c.ssh().generateKeys();
            init.guestFiles(c.ssh().files(c.kernel()));
        }
        init.writeTo(dir.resolve("initramfs.cpio.gz"));
        long initramfsMs = (System.nanoTime() - t0) / 1_000_000;
        try (RandomAccessFile disk = new RandomAccessFile(dir.resolve("disk.img").toFile(), "rw")) {
            disk.setLength(0);
            disk.setLength(DISK_BYTES); // sparse
        }
        rotateConsoleLogs();
        Files.deleteIfExists(socket());
        Files.deleteIfExists(pidFile());
        String accel = Accel.choose();
        long t1 = System.nanoTime();
        List<String> cmd = qemuCommand(c, accel, dir);
        if (tied) {
            cmd = new ArrayList<>(cmd);
            cmd.remove("-daemonize");
            if (VmTarget.onPath("setpriv")) cmd.addAll(0, List.of("setpriv", "--pdeathsig", "KILL", "--"));
        }
        Process qemu = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile()).start();
        try {
            if (tied) {
                // in the foreground: up once its pid file is written, failed if it exits first
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(pidFile()) && qemu.isAlive() && System.nanoTime() < until) Thread.sleep(20);
                if (!qemu.isAlive()) throw new IOException("qemu failed (exit " + qemu.exitValue() + "): "
                        + Files.readString(dir.resolve("qemu.log")).strip());
                if (!Files.exists(pidFile())) {
                    qemu.destroyForcibly();
                    throw new IOException("qemu did not start within 60 s");
                }
            } else if (!qemu.waitFor(60, TimeUnit.SECONDS)) {
                qemu.destroyForcibly();
                throw new IOException("qemu did not start within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            qemu.destroyForcibly();
            throw new IOException("interrupted");
        }
        if (!tied && qemu.exitValue() != 0) {
            throw new IOException("qemu failed (exit " + qemu.exitValue() + "): "
                    + Files.readString(dir.resolve("qemu.log")).strip());
        }
        long daemonMs = (System.nanoTime() - t1) / 1_000_000;
        AgentClient.Hello hello;
        try (AgentClient a = AgentClient.connect(socket(), bootTimeout)) {
            hello = a.handshake(bootTimeout);
        } catch (IOException e) {
            kill();
            throw new IOException("the VM did not come up: " + e.getMessage() + " (console: " + consoleLog() + ")", e);
        }
        if (c.ssh() != null) {
            try {
                c.ssh().awaitBanner(bootTimeout);
                c.ssh().trust();
            } catch (IOException e) {
                kill();
                throw new IOException(e.getMessage() + " (console: " + consoleLog() + ")", e);
            }
        }
        long bootMs = (System.nanoTime() - t1) / 1_000_000;
        Properties p = new Properties();
        if (c.ssh() != null) p.setProperty(SSH_PORT, String.valueOf(c.ssh().port()));
        p.setProperty("release", hello.release());
        if (hello.build() != null) p.setProperty("build", hello.build());
        p.setProperty("accel", accel);
        p.setProperty("smp", String.valueOf(c.smp()));
        p.setProperty("memoryMb", String.valueOf(c.memoryMb()));
        p.setProperty("loader", c.loader() == null ? "" : c.loader().toString());
        if (c.loader() != null) p.setProperty(LOADER_SHA, sha256(Files.readAllBytes(c.loader())));
        p.setProperty("vmFiles", String.join("\n", c.vmFiles().stream().map(f -> f.toAbsolutePath().toString()).toList()));
        p.setProperty("initramfsMillis", String.valueOf(initramfsMs));
        p.setProperty("bootMillis", String.valueOf(bootMs));
        p.setProperty("qemuDaemonMillis", String.valueOf(daemonMs));
        p.setProperty("guestUptimeAtReady", String.valueOf(hello.uptime()));
        p.setProperty("started", Instant.now().toString());
        try (Writer w = Files.newBufferedWriter(propsFile())) {
            p.store(w, "jstap test VM");
        }
        return new Started(hello.release(), hello.build(), accel, initramfsMs, bootMs, hello.uptime());
    }

    /** Asks the agent to power off, then makes sure QEMU is gone. Logs stay. */
    public synchronized void stop() {
        Optional<ProcessHandle> p = process();
        if (p.isEmpty()) {
            forgetSsh();
            return;
        }
        try (AgentClient a = AgentClient.connect(socket(), Duration.ofSeconds(2))) {
            a.quit();
            p.get().onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // busy or hung agent: kill below
        }
        kill();
        forgetSsh();
    }

    /** A fleet VM's host key leaves {@code ~/.ssh/known_hosts} with it (a later VM on the port has another). */
    void forgetSsh() {
        String port = properties().getProperty(SSH_PORT);
        if (port != null) new SshGuest(dir, Integer.parseInt(port)).untrust();
    }

    /** Ends QEMU without asking the guest. */
    public synchronized void kill() {
        process().ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(pidFile());
            Files.deleteIfExists(socket());
        } catch (IOException ignored) {
            // stale files are harmless: process() checks liveness
        }
    }

    private void rotateConsoleLogs() throws IOException {
        if (!Files.exists(consoleLog())) return;
        int n = 1;
        while (Files.exists(dir.resolve("console-" + n + ".log"))) n++;
        Files.move(consoleLog(), dir.resolve("console-" + n + ".log"));
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> old = s.filter(f -> f.getFileName().toString().matches("console-\\d+\\.log"))
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(
                            f.getFileName().toString().replaceAll("\\D", ""))))
                    .toList();
            for (int i = 0; i < old.size() - KEEP_CONSOLE_LOGS; i++) Files.deleteIfExists(old.get(i));
        }
    }

    /** The last lines of the console log, for error messages. */
    public String consoleTail(int lines) {
        try {
            List<String> all = Files.readAllLines(consoleLog(), java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
