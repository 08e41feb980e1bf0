package org.jstap.conformance;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --remote} on a fleet of three test VMs ({@code jstap vm start --name}, dropbear on 127.0.0.1 ports), a
 * closed 127.0.0.1 port and, where this machine's kernel has no headers here, this machine itself (a dropbear on a
 * loopback port in a private mount namespace), through {@code bin/jstap}: merged output with {@code --remote-prefix},
 * {@code remote_id()} and {@code remote_uri()}, {@code exit()} on one host ending all, the unreachable host's and the
 * header-less kernel's per-host reports, Ctrl-C, {@code -c} run on every host and its end ending all, a host whose
 * module cannot load while another goes on, a host killed mid-run; after each run no module, loader or run
 * directory is left on a host (lsmod/ps/ls over ssh). Skipped like the other VM tests (-Djstap.vmtests=false, no
 * qemu, no bootable kernel or headers) and without dropbear or bin/jstap's jars.
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteFleetVmTest {
    @TempDir static Path tmp;
    static Path root;
    static final String[] NAMES = {"fleet-a-" + ProcessHandle.current().pid(), "fleet-b-" + ProcessHandle.current().pid(),
            "fleet-c-" + ProcessHandle.current().pid()};
    static final List<String> hosts = new ArrayList<>();
    static String closed;
    /** This machine as a target (its kernel has no headers here), or null; its dropbear's pid file. */
    static String local;
    static Path localPid;
    static String skip;

    @BeforeAll
    static void fleet() throws Exception {
        root = Corpus.root().getParent();
        if (!Boolean.parseBoolean(System.getProperty("jstap.vmtests", "true"))) skip = "-Djstap.vmtests=false";
        else if (!RunCorpusVmTest.onPath("qemu-system-x86_64")) skip = "qemu-system-x86_64 is not installed";
        else if (!Files.isExecutable(Path.of("/usr/sbin/dropbear"))) skip = "dropbear is not installed (dropbear-bin)";
        else if (!RunCorpusVmTest.onPath("ssh")) skip = "no ssh client";
        else if (!Files.isRegularFile(root.resolve("cli/target/classpath.txt"))) skip = "bin/jstap's jars are not built";
        else if (org.jstap.run.GuestKernel.installed().stream()
                .noneMatch(k -> Files.isRegularFile(k.modulesDir().resolve("build/Makefile")))) {
            skip = "no bootable kernel with headers";
        }
        if (skip != null) return;
        List<Process> starts = new ArrayList<>();
        for (String n : NAMES) starts.add(jstap("vm", "start", "--name", n));
        for (Process p : starts) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "vm start hung");
            assertEquals(0, p.exitValue(), "vm start failed: " + out + new String(p.getErrorStream().readAllBytes()));
            String[] lines = out.strip().split("\n");
            String last = lines[lines.length - 1];
            assertTrue(last.matches("root@127\\.0\\.0\\.1:\\d+"), "last line: " + last);
            hosts.add(last);
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "root@127.0.0.1:" + s.getLocalPort(); // nothing listens there once closed
        }
        startLocalHost();
    }

    /**
     * A dropbear on a free loopback port whose sessions see a tmpfs /root holding only the user's public keys (a
     * private mount namespace: this machine's /root is untouched); its host key goes into known_hosts until the end.
     * Only where this kernel has no headers here (its run must stop at pass 4) and unshare works (root).
     */
    static void startLocalHost() throws Exception {
        String release = new String(new ProcessBuilder("uname", "-r").start().getInputStream().readAllBytes()).strip();
        if (Files.isRegularFile(Path.of("/lib/modules", release, "build", "Makefile"))) return;
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        StringBuilder keys = new StringBuilder();
        for (String n : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            if (Files.isRegularFile(ssh.resolve(n + ".pub"))) keys.append(Files.readString(ssh.resolve(n + ".pub")));
        }
        if (keys.isEmpty()) return;
        Path dir = Files.createDirectories(tmp.resolve("local-host"));
        Files.writeString(dir.resolve("authorized_keys"), keys);
        Path key = dir.resolve("hostkey");
        if (new ProcessBuilder("dropbearkey", "-t", "ed25519", "-f", key.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() != 0) return;
        String pub = new String(new ProcessBuilder("dropbearkey", "-y", "-f", key.toString()).start()
                .getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("ssh-"))
                .findFirst().orElse(null);
        if (pub == null) return;
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        localPid = dir.resolve("pid");
        String start = "mount --make-rprivate / && mount -t tmpfs -o mode=0700 jstap-test /root && mkdir -m 700 /root/.ssh"
                + " && cp '" + dir.resolve("authorized_keys") + "' /root/.ssh/ && exec /usr/sbin/dropbear -s -m -j -k -r '"
                + key + "' -p 127.0.0.1:" + port + " -P '" + localPid + "'";
        if (new ProcessBuilder("unshare", "-m", "sh", "-c", start).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() != 0) return;
        for (int i = 0; i < 100 && !Files.exists(localPid); i++) Thread.sleep(50);
        if (!Files.exists(localPid)) return;
        String[] f = pub.split(" ");
        Files.createDirectories(ssh);
        Files.writeString(ssh.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + f[0] + " " + f[1] + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        local = "root@127.0.0.1:" + port;
    }

    static void stopLocalHost() throws Exception {
        if (localPid != null && Files.exists(localPid)) {
            ProcessHandle.of(Long.parseLong(Files.readString(localPid).strip())).ifPresent(ProcessHandle::destroy);
        }
        if (local == null) return;
        Path known = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        String entry = "[127.0.0.1]:" + port(local) + " ";
        List<String> kept = Files.readAllLines(known).stream().filter(l -> !l.startsWith(entry)).toList();
        Files.write(known, kept);
    }

    @AfterAll
    static void stop() throws Exception {
        if (skip != null) return;
        stopLocalHost();
        for (String n : NAMES) jstap("vm", "stop", "--name", n).waitFor(60, TimeUnit.SECONDS);
    }

    static Process jstap(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("bin/jstap").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("JSTAP_VM_DIR", tmp.resolve("vm").toString()); // the fleet VMs' state dirs are this test's
        return pb.start();
    }

    record Run(int rc, String out, String err) {}

    static Run run(long timeoutSeconds, String... args) throws Exception {
        Path out = tmp.resolve("out.txt"), err = tmp.resolve("err.txt");
        List<String> cmd = new ArrayList<>(List.of(root.resolve("bin/jstap").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("jstap did not end in " + timeoutSeconds + " s: " + Files.readString(out) + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static String port(String host) {
        return host.substring(host.lastIndexOf(':') + 1);
    }

    static String ssh(String host, String command) throws Exception {
        Process p = new ProcessBuilder("ssh", "-o", "BatchMode=yes", "-p", port(host), "root@127.0.0.1", command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    /** No jstap module loaded, no loader running, no run directory left. */
    static void assertClean(String host) throws Exception {
        String s = ssh(host, "grep -c '^jstap_' /proc/modules; ps | grep -c '[j]staprun'; ls -d /tmp/jstap-run-* 2>/dev/null | wc -l");
        assertEquals(List.of("0", "0", "0"), List.of(s.strip().split("\\s+")), "left on " + host + ": " + s);
    }

    static final String TICKS = "global n; probe begin { printf(\"hello %d %s\\n\", remote_id(), remote_uri()) } "
            + "probe timer.ms(200) { n++; printf(\"tick %d %d\\n\", remote_id(), n); if (remote_id() == 0 && n == %d) exit() } "
            + "probe end { printf(\"end %d\\n\", remote_id()) }";

    @Test
    @Order(1)
    void mergedPrefixedOutputAndExitOnOneHostEndsAll() throws Exception {
        assumeTrue(skip == null, skip);
        List<String> args = new ArrayList<>(List.of("--remote", hosts.get(0), "--remote", "ssh://" + hosts.get(1),
                "--remote", hosts.get(2), "--remote", closed));
        if (local != null) args.addAll(List.of("--remote", local));
        args.addAll(List.of("--remote-prefix", "-e", TICKS.replace("%d)", "5)")));
        Run r = run(240, args.toArray(String[]::new));
        assertEquals(1, r.rc(), "one host is unreachable: exit 1\n" + r.out() + r.err());
        for (String l : r.out().split("\n")) assertTrue(l.matches("\\[[012]\\] .*"), "unprefixed line: " + l);
        for (int h = 0; h < 3; h++) {
            assertTrue(r.out().contains("[" + h + "] hello " + h + " ssh://" + hosts.get(h) + "\n"), r.out());
            assertTrue(r.out().contains("[" + h + "] end " + h + "\n"), "every end probe ran: " + r.out());
            assertTrue(r.out().indexOf("[" + h + "] end " + h) > r.out().indexOf("[" + h + "] hello " + h), r.out());
        }
        for (int i = 1; i <= 5; i++) assertTrue(r.out().contains("[0] tick 0 " + i + "\n"), r.out());
        assertFalse(r.out().contains("[0] tick 0 6\n"), "host 0 ran past its exit(): " + r.out());
        assertTrue(r.err().contains("[3] Pass 5: run on " + closed + " failed: cannot connect"), r.err());
        if (local != null) {
            String release = new String(new ProcessBuilder("uname", "-r").start().getInputStream().readAllBytes()).strip();
            assertTrue(r.err().contains("[4] Pass 4: build for " + local + " failed: no headers for its kernel " + release
                    + " here: install linux-headers-" + release), r.err());
        }
        for (String h : hosts) assertClean(h);
    }

    @Test
    @Order(2)
    void ctrlCEndsEveryHostWithItsEndProbes() throws Exception {
        assumeTrue(skip == null, skip);
        Path out = tmp.resolve("ctrlc.txt");
        Process p = new ProcessBuilder(root.resolve("bin/jstap").toString(), "--remote", hosts.get(0), "--remote",
                hosts.get(1), "--remote", hosts.get(2), "-c", "sleep 600", "-e", TICKS.replace("%d)", "-1)"))
                .redirectOutput(out.toFile()).redirectError(tmp.resolve("ctrlc-err.txt").toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < until && !(Files.readString(out).contains("tick 0 2\n")
                && Files.readString(out).contains("tick 1 2\n") && Files.readString(out).contains("tick 2 2\n"))) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), "ended by itself: " + Files.readString(out));
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor(); // bin/jstap execs the JVM
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(); // its ssh sessions close, so the hosts end their runs for the next test
            fail("jstap did not end after Ctrl-C: " + Files.readString(tmp.resolve("ctrlc-err.txt")));
        }
        String o = Files.readString(out);
        assertEquals(0, p.exitValue(), o + Files.readString(tmp.resolve("ctrlc-err.txt")));
        assertTrue(o.contains("end 0\n") && o.contains("end 1\n") && o.contains("end 2\n"), "end probes on every host: " + o);
        for (String h : hosts) assertClean(h);
        for (String h : hosts) assertEquals("0", ssh(h, "ps | grep -c '[s]leep 600'").strip(), "the -c command is gone");
    }

    @Test
    @Order(3)
    void inputLinesReachEveryHost() throws Exception {
        assumeTrue(skip == null, skip);
        // input.line with --remote: jstap's stdin goes to each host's loader over its ssh session, all of it
        Path in = tmp.resolve("input.txt");
        Files.writeString(in, "alpha\nbeta gamma\nlast\n");
        Path out = tmp.resolve("in-out.txt"), err = tmp.resolve("in-err.txt");
        Process p = new ProcessBuilder(root.resolve("bin/jstap").toString(), "--remote", hosts.get(0), "--remote",
                hosts.get(1), "--remote-prefix", "-e", "global n; probe input.line { n++; printf(\"%d %d %s\", "
                + "remote_id(), n, line) } probe timer.s(15) { exit() } probe end { printf(\"end %d %d\\n\", remote_id(), n) }")
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("jstap did not end: " + Files.readString(out) + Files.readString(err));
        }
        String o = Files.readString(out);
        assertEquals(0, p.exitValue(), o + Files.readString(err));
        for (int h = 0; h < 2; h++) {
            assertTrue(o.contains("[" + h + "] " + h + " 1 alpha\n") && o.contains("[" + h + "] " + h + " 2 beta gamma\n")
                    && o.contains("[" + h + "] " + h + " 3 last\n"), "host " + h + " read every line: " + o);
            assertTrue(o.contains("[" + h + "] end " + h + " 3\n"), "host " + h + " read nothing more: " + o);
        }
        for (String h : hosts) assertClean(h);
    }

    @Test
    @Order(3)
    void theCommandRunsOnEveryHostAndItsEndEndsAll() throws Exception {
        assumeTrue(skip == null, skip);
        Run r = run(120, "--remote", hosts.get(0), "--remote", hosts.get(1), "--remote", hosts.get(2), "--remote-prefix",
                "-c", "echo cmd-ran; sleep 2", "-e", TICKS.replace("%d)", "-1)"));
        assertEquals(0, r.rc(), r.out() + r.err());
        for (int h = 0; h < 3; h++) {
            assertTrue(r.out().contains("[" + h + "] cmd-ran\n"), "-c ran on host " + h + ": " + r.out());
            assertTrue(r.out().contains("[" + h + "] end " + h + "\n"), "end probe on host " + h + ": " + r.out());
        }
        for (String h : hosts) assertClean(h);
        for (String h : hosts) assertEquals("0", ssh(h, "ps | grep -c '[s]leep 2'").strip(), "the -c command is gone");
    }

    @Test
    @Order(4)
    void aModuleThatCannotLoadFailsItsHostAndTheOthersGoOn() throws Exception {
        assumeTrue(skip == null, skip);
        ssh(hosts.get(2), "echo 1 > /proc/sys/kernel/modules_disabled"); // host 2 refuses modules from now on
        Run r = run(120, "--remote", hosts.get(0), "--remote", hosts.get(2), "--remote-prefix", "-e",
                TICKS.replace("%d)", "8)"));
        assertEquals(1, r.rc(), r.out() + r.err());
        assertFalse(r.out().contains("[1] "), "host 2 printed nothing: " + r.out());
        assertTrue(r.err().contains("[1] Pass 5: run on " + hosts.get(2) + " failed"), r.err());
        assertTrue(r.err().contains("Couldn't insert module"), r.err());
        for (int i = 1; i <= 8; i++) assertTrue(r.out().contains("[0] tick 0 " + i + "\n"), "host 0 went on: " + r.out());
        assertTrue(r.out().contains("[0] end 0\n"), r.out());
        assertClean(hosts.get(0));
        assertClean(hosts.get(2));
    }

    @Test
    @Order(5)
    void aHostKilledMidRunIsReportedAndTheOthersGoOn() throws Exception {
        assumeTrue(skip == null, skip);
        Path out = tmp.resolve("kill.txt");
        Process p = new ProcessBuilder(root.resolve("bin/jstap").toString(), "--remote", hosts.get(0), "--remote",
                hosts.get(1), "--remote-prefix", "-e", TICKS.replace("%d)", "15)"))
                .redirectOutput(out.toFile()).redirectError(tmp.resolve("kill-err.txt").toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < until && !Files.readString(out).contains("[1] tick 1 2\n")) Thread.sleep(100);
        Path pidFile = tmp.resolve("vm-" + NAMES[1]).resolve("qemu.pid");
        long qemu = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(qemu).ifPresent(ProcessHandle::destroyForcibly); // host 1 dies
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jstap did not end");
        String o = Files.readString(out), e = Files.readString(tmp.resolve("kill-err.txt"));
        assertEquals(1, p.exitValue(), o + e);
        assertTrue(e.contains("[1] Pass 5: run on " + hosts.get(1) + " failed: the connection was lost"), e);
        assertTrue(o.contains("[1] tick 1 2\n"), "what host 1 printed before it died is kept: " + o);
        for (int i = 1; i <= 15; i++) assertTrue(o.contains("[0] tick 0 " + i + "\n"), o);
        assertTrue(o.contains("[0] end 0\n"), o);
        assertClean(hosts.get(0));
    }
}
