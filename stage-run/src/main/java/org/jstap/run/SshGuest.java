package org.jstap.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sshd of a fleet test VM ({@code jstap vm start --name NAME}): Debian's dropbear, its shared libraries, a host
 * key generated for this VM, the authorized keys (a key pair generated in the state dir, and the user's own
 * {@code ~/.ssh/id_*.pub}), root's passwd entry and the boot hook that starts it. QEMU forwards
 * {@code 127.0.0.1:port} (loopback only) to the guest's port 22; {@link #trust()} puts the host key into
 * {@code ~/.ssh/known_hosts} so that plain {@code ssh root@127.0.0.1 -p PORT} works.
 */
final class SshGuest {
    static final Path DROPBEAR = Paths.get("/usr/sbin/dropbear");
    static final Path DROPBEARKEY = Paths.get("/usr/bin/dropbearkey");
    static final String HOST_KEY_GUEST = "/etc/dropbear/dropbear_ed25519_host_key";
    /** virtio-net and what it needs, loaded by the boot hook from {@code /lib/modules/net/}. */
    static final List<String> NET_MODULES = List.of("failover", "net_failover", "virtio_net");

    /** A file of the initramfs at its absolute guest path. */
    record GuestFile(byte[] data, int mode) {}

    private final Path dir;
    private final int port;

    SshGuest(Path stateDir, int port) {
        this.dir = stateDir;
        this.port = port;
    }

    int port() {
        return port;
    }

    /** What {@code --remote} takes and {@code vm start --name} prints. */
    String target() {
        return "root@127.0.0.1:" + port;
    }

    Path hostKey() {
        return dir.resolve("dropbear_ed25519_host_key");
    }

    Path clientKey() {
        return dir.resolve("id_ed25519");
    }

    Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    /** Null when a fleet VM can be made here, else what is missing. */
    static String whyUnavailable() {
        if (!Files.isExecutable(DROPBEAR) || !Files.isExecutable(DROPBEARKEY)) {
            return "dropbear is not installed (apt-get install dropbear-bin)";
        }
        if (!VmTarget.onPath("ssh-keygen") || !VmTarget.onPath("ssh")) {
            return "the OpenSSH client is not installed (apt-get install openssh-client)";
        }
        return null;
    }

    /** A TCP port on 127.0.0.1 that nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** QEMU's user-mode network with the loopback-only forward; {@code restrict=on}: the guest reaches nothing else. */
    List<String> qemuArgs() {
        return List.of("-netdev", "user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:" + port + "-:22",
                "-device", "virtio-net-pci,netdev=net0");
    }

    /** Generates the host key and the client key pair (once per state dir), and the user's key when they have none. */
    void generateKeys() throws IOException {
        if (!Files.exists(hostKey())) run(List.of(DROPBEARKEY.toString(), "-t", "ed25519", "-f", hostKey().toString()));
        if (!Files.exists(clientKey())) {
            run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "jstap-test-vm", "-f", clientKey().toString()));
        }
        if (userIdentities().isEmpty()) { // plain ssh must find a key the guest accepts
            Path ssh = sshDir();
            Files.createDirectories(ssh);
            Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
            run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "jstap", "-f", ssh.resolve("id_ed25519").toString()));
        }
    }

    static Path sshDir() {
        return Paths.get(System.getProperty("user.home"), ".ssh");
    }

    /** The user's default identities that have a public half ({@code ~/.ssh/id_*.pub}). */
    static List<Path> userIdentities() {
        List<Path> out = new ArrayList<>();
        for (String n : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            Path p = sshDir().resolve(n + ".pub");
            if (Files.isRegularFile(p) && Files.isRegularFile(sshDir().resolve(n))) out.add(p);
        }
        return out;
    }

    /** The public host key line, {@code ssh-ed25519 AAAA...}. */
    String hostPublicKey() throws IOException {
        String out = run(List.of(DROPBEARKEY.toString(), "-y", "-f", hostKey().toString()));
        for (String l : out.split("\n")) {
            if (l.startsWith("ssh-")) {
                String[] f = l.split(" ");
                return f[0] + " " + f[1];
            }
        }
        throw new IOException("dropbearkey -y printed no public key");
    }

    /** The files the initramfs gets for sshd, at their guest paths. */
    Map<String, GuestFile> files(GuestKernel kernel) throws IOException {
        Map<String, GuestFile> f = new LinkedHashMap<>();
        f.put("/usr/sbin/dropbear", new GuestFile(Files.readAllBytes(DROPBEAR), 0755));
        for (Path lib : sharedLibraries(DROPBEAR)) f.put(lib.toString(), new GuestFile(Files.readAllBytes(lib), 0755));
        f.put(HOST_KEY_GUEST, new GuestFile(Files.readAllBytes(hostKey()), 0600));
        StringBuilder keys = new StringBuilder();
        keys.append(Files.readString(clientKey().resolveSibling("id_ed25519.pub")).strip()).append('\n');
        for (Path p : userIdentities()) keys.append(Files.readString(p).strip()).append('\n');
        f.put("/root/.ssh/authorized_keys", new GuestFile(keys.toString().getBytes(StandardCharsets.UTF_8), 0600));
        f.put("/etc/passwd", text("root:x:0:0:root:/root:/bin/sh\n", 0644));
        f.put("/etc/group", text("root:x:0:\n", 0644));
        f.put("/etc/shells", text("/bin/sh\n", 0644));
        f.put("/etc/jstap/boot.sh", new GuestFile(resource("sshd-boot.sh"), 0755));
        for (String m : NET_MODULES) {
            Optional<Path> p = VirtioModules.find(kernel.modulesDir(), m);
            if (p.isPresent()) f.put("/lib/modules/net/" + m + ".ko", new GuestFile(VirtioModules.read(p.get()), 0644));
            else if (m.equals("virtio_net")) throw new IOException("module virtio_net not found under " + kernel.modulesDir());
        }
        return f;
    }

    private static GuestFile text(String s, int mode) {
        return new GuestFile(s.getBytes(StandardCharsets.UTF_8), mode);
    }

    private static byte[] resource(String name) {
        try (InputStream in = SshGuest.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern LDD_LINE = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");

    /** The shared libraries (and the dynamic loader) a binary needs, from {@code ldd}. */
    static List<Path> sharedLibraries(Path binary) throws IOException {
        return parseLdd(run(List.of("ldd", binary.toString())));
    }

    static List<Path> parseLdd(String out) {
        List<Path> libs = new ArrayList<>();
        for (String l : out.split("\n")) {
            Matcher m = LDD_LINE.matcher(l);
            if (m.find()) libs.add(Paths.get(m.group(1)));
        }
        return libs;
    }

    /** {@code [127.0.0.1]:PORT ssh-ed25519 AAAA...}: the known-hosts line of this VM. */
    String knownHostsLine() throws IOException {
        return "[127.0.0.1]:" + port + " " + hostPublicKey();
    }

    /**
     * Writes the state dir's {@code known_hosts} and replaces this port's entry in {@code ~/.ssh/known_hosts}
     * (a VM started earlier on the same port had another host key).
     */
    void trust() throws IOException {
        String line = knownHostsLine() + "\n";
        Files.writeString(knownHosts(), line);
        Path user = sshDir().resolve("known_hosts");
        Files.createDirectories(user.getParent());
        untrust();
        Files.writeString(user, line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** Removes this port's entry from {@code ~/.ssh/known_hosts} (best effort). */
    void untrust() {
        Path user = sshDir().resolve("known_hosts");
        if (!Files.isRegularFile(user)) return;
        try {
            run(List.of("ssh-keygen", "-q", "-R", "[127.0.0.1]:" + port, "-f", user.toString()));
            Files.deleteIfExists(user.resolveSibling("known_hosts.old"));
        } catch (IOException e) {
            // no entry: nothing to remove
        }
    }

    /** Waits until sshd greets on the forwarded port (QEMU accepts the TCP connection before the guest listens). */
    void awaitBanner(java.time.Duration timeout) throws IOException {
        long until = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < until) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                s.setSoTimeout(2000);
                byte[] b = new byte[4];
                int n = s.getInputStream().readNBytes(b, 0, 4);
                if (n == 4 && new String(b, StandardCharsets.US_ASCII).equals("SSH-")) return;
                last = "no SSH banner";
            } catch (IOException e) {
                last = e.getMessage();
            }
            AgentClient.sleep(200);
        }
        throw new IOException("sshd did not answer on 127.0.0.1:" + port + " (" + last + ")");
    }

    static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        return out;
    }
}
