package org.jstap.run;

import java.io.PrintStream;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code jstap vm start [--kernel REL] [--smp N] [--memory MB] [--vm-file PATH]... | status | stop}: one test VM
 * kept running in the background, used by {@code --target=vm} runs until stopped. With {@code --name NAME}: a
 * fleet VM (state dir {@link VmInstance#namedStateDir}) with an sshd on {@code 127.0.0.1:PORT} ({@code --port},
 * else a free one), for {@code --remote}; start prints {@code root@127.0.0.1:PORT} as its last line.
 */
public final class VmSubcommand implements org.jstap.api.spi.Subcommand {
    static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    private final VmInstance defaultVm;
    private final java.util.function.Function<String, VmInstance> named;

    public VmSubcommand() {
        this(new VmInstance(VmInstance.defaultStateDir()), n -> new VmInstance(VmInstance.namedStateDir(n)));
    }

    VmSubcommand(VmInstance vm) {
        this(vm, n -> new VmInstance(vm.stateDir().resolveSibling(vm.stateDir().getFileName() + "-" + n)));
    }

    VmSubcommand(VmInstance vm, java.util.function.Function<String, VmInstance> named) {
        this.defaultVm = vm;
        this.named = named;
    }

    @Override
    public String name() {
        return "vm";
    }

    @Override
    public String summary() {
        return "start|status|stop the persistent test VM that --target=vm runs use";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) return usage(err);
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        String name = null;
        for (int i = 0; i < rest.size(); i++) { // --name NAME / --name=NAME, for every action
            String a = rest.get(i);
            if (a.equals("--name") && i + 1 < rest.size()) {
                name = rest.remove(i + 1);
                rest.remove(i--);
            } else if (a.startsWith("--name=")) {
                name = a.substring(7);
                rest.remove(i--);
            }
        }
        if (name != null && !NAME.matcher(name).matches()) {
            err.println("ERROR: invalid VM name '" + name + "': letters, digits, '.', '_', '-', at most 32");
            return 1;
        }
        VmInstance vm = name == null ? defaultVm : named.apply(name);
        String what = name == null ? "test VM" : "test VM " + name;
        switch (args.get(0)) {
            case "start":
                return start(vm, name, rest, out, err);
            case "status":
                if (!rest.isEmpty()) return usage(err);
                return status(vm, what, out);
            case "stop":
                if (!rest.isEmpty()) return usage(err);
                if (!vm.isRunning()) {
                    vm.forgetSsh(); // a fleet VM that died: its known-hosts entry goes all the same
                    out.println(what + ": not running");
                    return 0;
                }
                vm.stop();
                out.println(what + ": stopped (console log " + vm.consoleLog() + ")");
                return 0;
            default:
                return usage(err);
        }
    }

    private int start(VmInstance vm, String vmName, List<String> args, PrintStream out, PrintStream err) {
        String release = null;
        int smp = 1, mem = 512;
        Integer port = null;
        List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : (i + 1 < args.size() ? args.get(++i) : null);
                String k = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (v == null) return usage(err);
                switch (k) {
                    case "--kernel", "-r" -> release = v;
                    case "--smp" -> smp = Integer.parseInt(v);
                    case "--memory", "-m" -> mem = Integer.parseInt(v);
                    case "--vm-file" -> files.add(Path.of(v));
                    case "--port" -> {
                        port = Integer.parseInt(v);
                        if (vmName == null || port < 1 || port > 65535) return usage(err);
                    }
                    default -> {
                        return usage(err);
                    }
                }
            }
        } catch (NumberFormatException e) {
            return usage(err);
        }
        String what = vmName == null ? "test VM" : "test VM " + vmName;
        if (vm.isRunning()) {
            out.println(what + ": already running (" + vm.release() + ", state " + vm.stateDir() + ")");
            if (vm.sshTarget() != null) out.println(vm.sshTarget());
            return 0;
        }
        if (vmName != null && SshGuest.whyUnavailable() != null) {
            err.println("ERROR: cannot start " + what + ": " + SshGuest.whyUnavailable());
            return 1;
        }
        Optional<GuestKernel> k = GuestKernel.find(release);
        if (k.isEmpty()) {
            err.println("ERROR: no bootable kernel" + (release == null ? "" : " " + release)
                    + " (/boot/vmlinuz-<release> with virtio modules in /lib/modules/<release>)");
            return 1;
        }
        try (FileLock l = vm.lock()) {
            // a fleet VM has no loader of its own: --remote ships (and caches) it as on any ssh host
            SshGuest ssh = vmName == null ? null : new SshGuest(vm.stateDir(), port != null ? port : SshGuest.freePort());
            VmInstance.Started s = vm.start(new VmInstance.Config(k.get(), ssh == null ? Loader.find().orElse(null) : null,
                    files, smp, mem, ssh), VmTarget.BOOT_TIMEOUT);
            out.printf("%s: running %s (%s), ready after %d ms (initramfs %d ms); state %s%n", what, s.release(), s.accel(),
                    s.bootMillis(), s.initramfsMillis(), vm.stateDir());
            if (ssh != null) out.println(ssh.target());
            return 0;
        } catch (Exception e) {
            err.println("ERROR: cannot start the test VM: " + e.getMessage());
            return 1;
        }
    }

    private int status(VmInstance vm, String what, PrintStream out) {
        if (!vm.isRunning()) {
            out.println(what + ": not running (state " + vm.stateDir() + ")");
            return 3;
        }
        Properties p = vm.properties();
        out.printf(what + ": running, pid %d, kernel %s %s, %s, smp %s, %s MB, loader %s, started %s "
                        + "(boot %s ms, initramfs %s ms)%n  socket %s%n  console %s%n",
                vm.process().get().pid(), p.getProperty("release"), p.getProperty("build", ""), p.getProperty("accel"),
                p.getProperty("smp"), p.getProperty("memoryMb"),
                p.getProperty("loader", "").isEmpty() ? "none (insmod/rmmod)" : p.getProperty("loader"),
                p.getProperty("started"), p.getProperty("bootMillis"), p.getProperty("initramfsMillis"), vm.socket(),
                vm.consoleLog());
        if (vm.sshTarget() != null) out.println(vm.sshTarget());
        return 0;
    }

    private static int usage(PrintStream err) {
        err.println("usage: jstap vm start [--name NAME [--port PORT]] [--kernel RELEASE] [--smp N] [--memory MB] "
                + "[--vm-file PATH]... | status [--name NAME] | stop [--name NAME]");
        return 1;
    }

}
