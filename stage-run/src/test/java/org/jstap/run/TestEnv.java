package org.jstap.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the VM tests need from the machine, with the reason when something is missing. */
final class TestEnv {
    private TestEnv() {}

    static Optional<GuestKernel> kernel() {
        return GuestKernel.find(null);
    }

    /** Null if the VM tests can run, else why not. */
    static String whyNoVm() {
        if (kernel().isEmpty()) return "no bootable kernel (/boot/vmlinuz-* with virtio modules in /lib/modules)";
        if (Initramfs.findBusybox().isEmpty()) return "busybox-static not installed";
        if (!onPath("qemu-system-x86_64")) return "qemu-system-x86_64 not installed";
        return null;
    }

    /** Null if a module can be built for the VM kernel, else why not. */
    static String whyNoKbuild() {
        String vm = whyNoVm();
        if (vm != null) return vm;
        if (!Files.isRegularFile(kernel().get().modulesDir().resolve("build/Makefile"))) return "no kernel headers";
        return null;
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Paths.get(d, tool))) return true;
        }
        return false;
    }

    /** Builds src/test/kmod with kbuild into {@code work}; returns the directory holding the .ko files. */
    static Path buildTestModules(Path work) throws IOException, InterruptedException {
        Path src = Paths.get("src/test/kmod");
        for (String f : new String[] {"jstap_vmtest.c", "jstap_stuck.c", "Kbuild"}) Files.copy(src.resolve(f), work.resolve(f));
        Process p = new ProcessBuilder("make", "-C", kernel().get().modulesDir().resolve("build").toString(),
                "M=" + work, "modules").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("kbuild failed:\n" + out);
        return work;
    }
}
