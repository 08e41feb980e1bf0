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
 * kept running in the background, used by {@code --target=vm} runs until stopped.
 */
public final class VmSubcommand implements org.jstap.api.spi.Subcommand {
    private final VmInstance vm;

    public VmSubcommand() {
        this(new VmInstance(VmInstance.defaultStateDir()));
    }

    VmSubcommand(VmInstance vm) {
        this.vm = vm;
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
        switch (args.get(0)) {
            case "start":
                return start(args.subList(1, args.size()), out, err);
            case "status":
                return status(out);
            case "stop":
                if (!vm.isRunning()) {
                    out.println("test VM: not running");
                    return 0;
                }
                vm.stop();
                out.println("test VM: stopped (console log " + vm.consoleLog() + ")");
                return 0;
            default:
                return usage(err);
        }
    }

    private int start(List<String> args, PrintStream out, PrintStream err) {
        String release = null;
        int smp = 1, mem = 512;
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
                    default -> {
                        return usage(err);
                    }
                }
            }
        } catch (NumberFormatException e) {
            return usage(err);
        }
        if (vm.isRunning()) {
            out.println("test VM: already running (" + vm.release() + ", state " + vm.stateDir() + ")");
            return 0;
        }
        Optional<GuestKernel> k = GuestKernel.find(release);
        if (k.isEmpty()) {
            err.println("ERROR: no bootable kernel" + (release == null ? "" : " " + release)
                    + " (/boot/vmlinuz-<release> with virtio modules in /lib/modules/<release>)");
            return 1;
        }
        try (FileLock l = vm.lock()) {
            VmInstance.Started s = vm.start(new VmInstance.Config(k.get(), Loader.find().orElse(null), files, smp, mem),
                    VmTarget.BOOT_TIMEOUT);
            out.printf("test VM: running %s (%s), ready after %d ms (initramfs %d ms); state %s%n", s.release(), s.accel(),
                    s.bootMillis(), s.initramfsMillis(), vm.stateDir());
            return 0;
        } catch (Exception e) {
            err.println("ERROR: cannot start the test VM: " + e.getMessage());
            return 1;
        }
    }

    private int status(PrintStream out) {
        if (!vm.isRunning()) {
            out.println("test VM: not running (state " + vm.stateDir() + ")");
            return 3;
        }
        Properties p = vm.properties();
        out.printf("test VM: running, pid %d, kernel %s %s, %s, smp %s, %s MB, loader %s, started %s "
                        + "(boot %s ms, initramfs %s ms)%n  socket %s%n  console %s%n",
                vm.process().get().pid(), p.getProperty("release"), p.getProperty("build", ""), p.getProperty("accel"),
                p.getProperty("smp"), p.getProperty("memoryMb"),
                p.getProperty("loader", "").isEmpty() ? "none (insmod/rmmod)" : p.getProperty("loader"),
                p.getProperty("started"), p.getProperty("bootMillis"), p.getProperty("initramfsMillis"), vm.socket(),
                vm.consoleLog());
        return 0;
    }

    private static int usage(PrintStream err) {
        err.println("usage: jstap vm start [--kernel RELEASE] [--smp N] [--memory MB] [--vm-file PATH]... | status | stop");
        return 1;
    }

}
