package org.jstap.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jstap.api.spi.HelperHost;

/**
 * A helper program (the bpf backend's loader) running in the test VM through the agent's {@code EXEC}: the
 * program is copied once per VM boot (kept at {@code /bin/NAME}, NAME carrying its hash), its file for this run,
 * then the control channel is the program's stdin and stdout until its end frame. Holds the VM's lock for the
 * whole run. The persistent VM when it runs, else a private VM booted for this helper and stopped with it.
 * Closing waits for the program to end (it was told to quit), else closes the channel: the program reads end of
 * stream and detaches, so nothing stays attached in the guest.
 */
final class VmHelper implements HelperHost.Helper {
    static final Duration END_WAIT = Duration.ofSeconds(10);

    private final VmInstance vm;
    private final boolean privateVm;
    private final Path privateDir;
    private final FileLock lock;
    private final AgentClient agent;
    private final String token;
    private final PrintStream err;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final InputStream stdout;
    private final OutputStream stdin;
    /** Modules this helper loaded into the guest (load order), unloaded again when it ends. */
    private List<String> loadedModules = List.of();

    private VmHelper(VmInstance vm, boolean privateVm, Path privateDir, FileLock lock, AgentClient agent, String token,
                     byte[] firstHeader, PrintStream err) {
        this.vm = vm;
        this.privateVm = privateVm;
        this.privateDir = privateDir;
        this.lock = lock;
        this.agent = agent;
        this.token = token;
        this.err = err;
        this.stdout = new Frames(firstHeader);
        this.stdin = new OutputStream() {
            @Override public void write(int b) throws IOException { agent.send(new byte[] {(byte) b}); }

            @Override public void write(byte[] b, int off, int len) throws IOException {
                agent.send(java.util.Arrays.copyOfRange(b, off, off + len));
            }
        };
    }

    /** Starts {@code program file} in the persistent VM (or a private one when none runs). */
    static VmHelper start(VmInstance persistent, java.util.function.Supplier<java.util.Optional<Path>> loader,
                          byte[] program, String name, byte[] file, String suffix, List<String> args,
                          List<String> modules, PrintStream err) throws IOException {
        for (String w : args) if (!w.matches("[A-Za-z0-9._=-]+")) throw new IOException("helper argument not a plain word: " + w);
        VmInstance vm = persistent;
        Path dir = null;
        FileLock lock = null;
        AgentClient a = null;
        try {
            if (persistent.isRunning()) {
                lock = persistent.lock();
            } else {
                List<GuestKernel> k = GuestKernel.installed();
                if (k.isEmpty()) throw new IOException("no test VM runs and no bootable kernel is installed");
                dir = PrivateVms.standard().create();
                vm = new VmInstance(dir);
                vm.start(new VmInstance.Config(k.get(k.size() - 1), loader.get().orElse(null), List.of(), 1, 512),
                        VmTarget.BOOT_TIMEOUT, true);
            }
            a = AgentClient.connect(vm.socket(), VmTarget.CONNECT_TIMEOUT);
            AgentClient.Hello hello = a.handshake(VmTarget.CONNECT_TIMEOUT);
            String guestProgram = "/bin/" + name.replaceAll("[^A-Za-z0-9._-]", "_");
            String sha = VmInstance.sha256(program);
            if (!sha.equals(vm.properties().getProperty("helper." + guestProgram))) {
                a.putFile(guestProgram, program, 0755, VmTarget.CONNECT_TIMEOUT);
                vm.setProperty("helper." + guestProgram, sha);
            }
            List<String> loaded = loadModules(a, hello.release(), modules, err);
            String tok = AgentClient.token();
            String guestFile = "/tmp/helper-" + tok + suffix.replaceAll("[^A-Za-z0-9._-]", "_");
            a.putFile(guestFile, file, 0644, VmTarget.CONNECT_TIMEOUT);
            a.sendLine("EXEC " + tok + " " + guestProgram + " " + guestFile + (args.isEmpty() ? "" : " " + String.join(" ", args)));
            byte[] h = new byte[8];
            int got = 0;
            while (got < h.length) {
                int n = a.readRaw(h, got, h.length - got);
                if (n < 0) throw new AgentClient.LostException("the VM closed the control channel");
                got += n;
            }
            if (new String(h, 0, 4, StandardCharsets.US_ASCII).equals("ERR ")) {
                throw new IOException("the test VM's agent cannot run the bpf loader (it predates EXEC): restart the VM "
                        + "with this jstap (jstap vm stop; jstap vm start)");
            }
            VmHelper helper = new VmHelper(vm, dir != null, dir, lock, a, tok, h, err);
            helper.loadedModules = loaded;
            a = null;
            lock = null;
            dir = null;
            return helper;
        } finally {
            if (a != null) a.close();
            if (lock != null) lock.close();
            if (dir != null) {
                vm.kill();
                VmTarget.deleteTree(dir);
            }
        }
    }

    /**
     * {@code module("NAME")} probes of the bpf backend: NAME and its dependencies from the guest kernel's
     * /lib/modules (the host's copy of it: {@link GuestModules}), loaded before the loader attaches, as kmod's run.
     * One that cannot be loaded is a warning: its probes' attach then says the module is not loaded.
     */
    private static List<String> loadModules(AgentClient a, String release, List<String> modules, PrintStream err)
            throws IOException {
        if (modules.isEmpty()) return List.of();
        List<String> loaded = new java.util.ArrayList<>();
        if (release == null) return loaded;
        for (GuestModules.Module gm : GuestModules.loadOrder(Path.of("/lib/modules", release), modules)) {
            String guest = "/tmp/mods/" + gm.name() + ".ko";
            a.putFile(guest, VirtioModules.read(gm.file()), 0644, VmTarget.CONNECT_TIMEOUT);
            java.util.Optional<AgentClient.Insmod> r = a.insmod(guest, gm.name(), VmTarget.CONNECT_TIMEOUT);
            if (r.isEmpty() || r.get().error() != null) {
                err.println("WARNING: the test VM could not load module " + gm.name() + " ("
                        + (r.isEmpty() ? "its agent predates module loading" : r.get().error()) + "): it is not loaded");
                break;
            }
            if (r.get().loaded()) loaded.add(gm.name());
        }
        return loaded;
    }

    @Override public InputStream stdout() { return stdout; }

    @Override public OutputStream stdin() { return stdin; }

    @Override
    public void close() throws IOException {
        try {
            boolean done = ended.await(END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (done) afterEnd();
            if (done) for (int i = loadedModules.size() - 1; i >= 0; i--) agent.rmmod(loadedModules.get(i), VmTarget.CONNECT_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            agent.close(); // a loader still running reads end of stream: it detaches and exits
            if (privateVm) {
                vm.stop();
                VmTarget.deleteTree(privateDir);
            }
            if (lock != null) lock.close();
        }
    }

    /** The agent's lines after the end frame: the program's stderr goes to ours. */
    private void afterEnd() throws IOException {
        long deadline = System.nanoTime() + END_WAIT.toNanos();
        byte[] marker = ("\001" + token + " ").getBytes(StandardCharsets.UTF_8);
        while (true) {
            byte[] l = agent.readLine(deadline);
            if (l == null) return;
            if (AgentClient.indexOf(l, marker) != 0) continue;
            String c = new String(l, marker.length, l.length - marker.length, StandardCharsets.UTF_8);
            if (c.startsWith("E ")) err.println(c.substring(2));
            else if (c.equals("DONE")) return;
        }
    }

    /** The program's frames from the channel, up to its end frame (then end of stream; the agent's lines stay). */
    private final class Frames extends InputStream {
        private byte[] header;
        private int headerAt;
        private long payloadLeft;
        private boolean atEnd;

        Frames(byte[] first) {
            header = first;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            int n = read(b, 0, 1);
            return n < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (atEnd && header == null) return -1;
            if (header == null && payloadLeft == 0) {
                byte[] h = new byte[8];
                int got = 0;
                while (got < 8) {
                    int n = agent.readRaw(h, got, 8 - got);
                    if (n < 0) return end();
                    got += n;
                }
                header = h;
                headerAt = 0;
            }
            if (header != null) {
                if (headerAt == 0) {
                    ByteBuffer hb = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
                    int type = hb.getInt();
                    if (type == HelperHost.END_FRAME) {
                        ended.countDown();
                        atEnd = true;
                        // the caller sees the end frame, then end of stream
                    }
                    payloadLeft = Integer.toUnsignedLong(hb.getInt());
                }
                int n = Math.min(len, 8 - headerAt);
                System.arraycopy(header, headerAt, b, off, n);
                headerAt += n;
                if (headerAt == 8) header = null;
                if (atEnd) payloadLeft = 0;
                return n;
            }
            int n = agent.readRaw(b, off, (int) Math.min(len, payloadLeft));
            if (n < 0) return end();
            payloadLeft -= n;
            return n;
        }

        private int end() {
            atEnd = true;
            ended.countDown();
            return -1;
        }
    }
}
