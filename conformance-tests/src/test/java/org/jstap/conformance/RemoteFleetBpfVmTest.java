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
 * {@code --remote --runtime=bpf} on a fleet of two test VMs (6.1, kprobes and BPF), this machine (6.18, bpf as
 * root; a dropbear on a loopback port in a private mount namespace, as RemoteFleetVmTest reaches it) and a closed
 * 127.0.0.1 port, through {@code bin/jstap}: one CO-RE object built once for 6.1 and 6.18 (a target variable read
 * right on both), merged output with {@code --remote-prefix}, {@code remote_id()} and
 * {@code remote_uri()} in user-space and kernel probes, per-host globals, {@code exit()} on one host ending all,
 * the unreachable host's report, Ctrl-C, {@code -c} on every host and its end ending all, this machine's kprobe
 * that cannot attach failing it alone, a host killed mid-run.
 * After each run no loader or run directory is left on a host. Skipped like the other VM tests, and without
 * dropbear, bin/jstap's jars, or BPF on this machine (then this machine is left out of the fleet, not the test).
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteFleetBpfVmTest {
    @TempDir static Path tmp;
    static Path root;
    static final String[] NAMES = {"bpffleet-a-" + ProcessHandle.current().pid(), "bpffleet-b-" + ProcessHandle.current().pid()};
    static final List<String> hosts = new ArrayList<>();
    static String closed;
    /** This machine as a target, or null. */
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
        else if (org.jstap.run.GuestKernel.installed().isEmpty()) skip = "no bootable kernel";
        if (skip != null) return;
        List<Process> starts = new ArrayList<>();
        for (String n : NAMES) starts.add(jstap("vm", "start", "--name", n));
        for (Process p : starts) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "vm start hung");
            assertEquals(0, p.exitValue(), "vm start failed: " + out + new String(p.getErrorStream().readAllBytes()));
            String[] lines = out.strip().split("\n");
            hosts.add(lines[lines.length - 1]);
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "root@127.0.0.1:" + s.getLocalPort();
        }
        if (org.jstap.backend.bpf.BpfRunStage.unavailable() == null) startLocalHost();
    }

    /** As RemoteFleetVmTest's: a dropbear whose sessions see a tmpfs /root with only the user's public keys. */
    static void startLocalHost() throws Exception {
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

    @AfterAll
    static void stop() throws Exception {
        if (skip != null) return;
        if (localPid != null && Files.exists(localPid)) {
            ProcessHandle.of(Long.parseLong(Files.readString(localPid).strip())).ifPresent(ProcessHandle::destroy);
        }
        if (local != null) {
            Path known = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
            String entry = "[127.0.0.1]:" + port(local) + " ";
            Files.write(known, Files.readAllLines(known).stream().filter(l -> !l.startsWith(entry)).toList());
        }
        for (String n : NAMES) jstap("vm", "stop", "--name", n).waitFor(60, TimeUnit.SECONDS);
    }

    static Process jstap(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("bin/jstap").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JSTAP_VM_DIR", tmp.resolve("vm").toString());
        return pb.start();
    }

    /** The fleet: the VMs, then this machine when it is one (its index is hosts.size()). */
    static List<String> fleet(boolean withClosed) {
        List<String> a = new ArrayList<>(List.of("--runtime=bpf"));
        for (String h : hosts) a.addAll(List.of("--remote", h));
        if (local != null) a.addAll(List.of("--remote", local));
        if (withClosed) a.addAll(List.of("--remote", closed));
        return a;
    }

    static List<String> all() {
        List<String> a = new ArrayList<>(hosts);
        if (local != null) a.add(local);
        return a;
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

    /** No fleet loader running (they run from /var/tmp/jstap; local bpf runs elsewhere), no run directory left. */
    static void assertClean(String host) throws Exception {
        String s = ssh(host, "for f in /proc/[0-9]*/cmdline; do { tr '\\0' ' ' < $f; } 2>/dev/null; echo; done"
                + " | grep -c '^/var/tmp/jstap/[j]stapbpf'; ls -d /tmp/jstap-run-* 2>/dev/null | wc -l");
        assertEquals(List.of("0", "0"), List.of(s.strip().split("\\s+")), "left on " + host + ": " + s);
    }

    /**
     * Ticks in user space, reads counted and the first one reported in the kernel, per host; a target variable
     * (task_struct's tgid, at other offsets on 6.1 and 6.18) read through the one CO-RE object on every host.
     */
    static final String SCRIPT = "global n, reads, bad; probe begin { printf(\"hello %d %s\\n\", remote_id(), remote_uri()) } "
            + "probe syscall.read { if (reads++ == 0) printf(\"first read on %d\\n\", remote_id()); "
            + "if (@cast(task_current(), \"task_struct\")->tgid != pid()) bad++ } "
            + "probe timer.ms(200) { n++; printf(\"tick %d %d\\n\", remote_id(), n); if (remote_id() == 0 && n == %d) exit() } "
            + "probe end { printf(\"end %d %d %d\\n\", remote_id(), reads > 0, bad) }";

    static Process start(Path out, Path err, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("bin/jstap").toString()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    static void waitFor(Path out, long seconds, String... lines) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            String o = Files.readString(out);
            boolean all = true;
            for (String l : lines) all &= o.contains(l);
            if (all) return;
            Thread.sleep(100);
        }
        fail("not all of " + List.of(lines) + " in " + Files.readString(out));
    }

    @Test
    @Order(1)
    void mergedPrefixedOutputRemoteIdAndExitOnOneHostEndsAll() throws Exception {
        assumeTrue(skip == null, skip);
        List<String> args = fleet(true);
        args.addAll(List.of("--remote-prefix", "-e", SCRIPT.replace("%d)", "5)")));
        Path out = tmp.resolve("merged.txt"), err = tmp.resolve("merged-err.txt");
        Process p = start(out, err, args);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "jstap did not end");
        String o = Files.readString(out), e = Files.readString(err);
        assertEquals(1, p.exitValue(), "one host is unreachable: exit 1\n" + o + e);
        List<String> live = all();
        int closedIndex = live.size();
        for (String l : o.split("\n")) assertTrue(l.matches("\\[[0-" + (live.size() - 1) + "]\\] .*"), "unprefixed line: " + l);
        for (int h = 0; h < live.size(); h++) {
            assertTrue(o.contains("[" + h + "] hello " + h + " ssh://" + live.get(h) + "\n"), o);
            assertTrue(o.contains("[" + h + "] first read on " + h + "\n"), "kernel-side remote_id() on " + h + ": " + o);
            assertTrue(o.contains("[" + h + "] end " + h + " 1 0\n"), "every end probe ran, its own globals: " + o);
            assertTrue(o.indexOf("[" + h + "] end " + h) > o.indexOf("[" + h + "] hello " + h), o);
        }
        for (int i = 1; i <= 5; i++) assertTrue(o.contains("[0] tick 0 " + i + "\n"), o);
        assertFalse(o.contains("[0] tick 0 6\n"), "host 0 ran past its exit(): " + o);
        assertTrue(e.contains("[" + closedIndex + "] Pass 5: run on " + closed + " failed: cannot connect"), e);
        for (String h : live) assertClean(h);
    }

    @Test
    @Order(2)
    void ctrlCEndsEveryHostWithItsEndProbes() throws Exception {
        assumeTrue(skip == null, skip);
        List<String> args = fleet(false);
        args.addAll(List.of("--remote-prefix", "-c", "sleep 600", "-e", SCRIPT.replace("%d)", "-1)")));
        Path out = tmp.resolve("ctrlc.txt"), err = tmp.resolve("ctrlc-err.txt");
        Process p = start(out, err, args);
        List<String> live = all();
        String[] ticks = new String[live.size()];
        for (int h = 0; h < live.size(); h++) ticks[h] = "[" + h + "] tick " + h + " 2\n";
        waitFor(out, 180, ticks);
        assertTrue(p.isAlive(), "ended by itself: " + Files.readString(out));
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor(); // bin/jstap execs the JVM
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(); // its ssh sessions close, so the hosts end their runs for the next test
            fail("jstap did not end after Ctrl-C: " + Files.readString(tmp.resolve("ctrlc-err.txt")));
        }
        String o = Files.readString(out);
        assertEquals(0, p.exitValue(), o + Files.readString(err));
        for (int h = 0; h < live.size(); h++) assertTrue(o.contains("[" + h + "] end " + h + " 1 0\n"), "end probe on " + h + ": " + o);
        for (String h : live) assertClean(h);
        for (String h : hosts) assertEquals("0", ssh(h, "ps | grep -c '[s]leep 600'").strip(), "the -c command is gone");
    }

    @Test
    @Order(3)
    void theCommandRunsOnEveryHostAndItsEndEndsAll() throws Exception {
        assumeTrue(skip == null, skip);
        List<String> args = fleet(false);
        args.addAll(List.of("-v", "--remote-prefix", "-c", "echo cmd-ran; sleep 2", "-e", SCRIPT.replace("%d)", "-1)")));
        Path out = tmp.resolve("cmd.txt"), err = tmp.resolve("cmd-err.txt");
        Process p = start(out, err, args);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "jstap did not end");
        String o = Files.readString(out), e = Files.readString(err);
        assertEquals(0, p.exitValue(), o + e);
        assertEquals(1, e.lines().filter(l -> l.startsWith("Pass 4: ")).count(), "one object for 6.1 and 6.18: " + e);
        for (int h = 0; h < all().size(); h++) {
            assertTrue(o.contains("[" + h + "] cmd-ran\n"), "-c ran on host " + h + ": " + o);
            assertTrue(o.contains("[" + h + "] end " + h + " 1 0\n"), "end probe on host " + h + ": " + o);
        }
        for (String h : all()) assertClean(h);
    }

    @Test
    @Order(4)
    void aHostWhoseKernelCannotAttachAProbeFailsAloneAndTheOthersGoOn() throws Exception {
        assumeTrue(skip == null, skip);
        assumeTrue(local != null, "this machine is not in the fleet");
        assumeTrue(!Files.exists(Path.of("/sys/bus/event_source/devices/kprobe")), "this machine's kernel has kprobes");
        List<String> args = fleet(false);
        args.addAll(List.of("--remote-prefix", "-e", "global n, reads; probe kernel.function(\"vfs_read\") { reads++ } "
                + "probe timer.ms(200) { n++; printf(\"tick %d %d\\n\", remote_id(), n); if (remote_id() == 0 && n == 4) exit() } "
                + "probe end { printf(\"end %d %d\\n\", remote_id(), reads > 0) }"));
        Path out = tmp.resolve("attach.txt"), err = tmp.resolve("attach-err.txt");
        Process p = start(out, err, args);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "jstap did not end");
        String o = Files.readString(out), e = Files.readString(err);
        assertEquals(1, p.exitValue(), o + e);
        int me = hosts.size();
        assertTrue(e.contains("[" + me + "] Pass 5: run on " + local + " failed: probe kernel.function(\"vfs_read\"): cannot attach"), e);
        assertFalse(o.contains("[" + me + "] "), "this machine printed nothing: " + o);
        assertTrue(o.contains("[0] tick 0 4\n"), "host 0 went on: " + o);
        for (int h = 0; h < hosts.size(); h++) {
            assertTrue(o.contains("[" + h + "] end " + h + " 1\n"), "the VMs' kprobes ran to the end: " + o);
        }
        for (String h : all()) assertClean(h);
    }

    @Test
    @Order(5)
    void aHostKilledMidRunIsReportedAndTheOthersGoOn() throws Exception {
        assumeTrue(skip == null, skip);
        List<String> args = fleet(false);
        args.addAll(List.of("--remote-prefix", "-e", SCRIPT.replace("%d)", "150)")));
        Path out = tmp.resolve("kill.txt"), err = tmp.resolve("kill-err.txt");
        Process p = start(out, err, args);
        waitFor(out, 180, "[0] tick 0 2\n", "[1] tick 1 2\n");
        long qemu = Long.parseLong(Files.readString(tmp.resolve("vm-" + NAMES[1]).resolve("qemu.pid")).strip());
        ProcessHandle.of(qemu).ifPresent(ProcessHandle::destroyForcibly); // host 1 dies
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jstap did not end");
        String o = Files.readString(out), e = Files.readString(err);
        assertEquals(1, p.exitValue(), o + e);
        assertTrue(e.contains("[1] Pass 5: run on " + hosts.get(1) + " failed: the connection was lost"), e);
        assertTrue(o.contains("[1] tick 1 2\n"), "what host 1 printed before it died is kept: " + o);
        for (int i = 1; i <= 150; i++) assertTrue(o.contains("[0] tick 0 " + i + "\n"), "host 0 went on: " + o);
        assertTrue(o.contains("[0] end 0 1 0\n"), o);
        if (local != null) assertTrue(o.contains("[2] end 2 1 0\n"), "this machine went on to the end: " + o);
        assertClean(hosts.get(0));
        if (local != null) assertClean(local);
    }
}
