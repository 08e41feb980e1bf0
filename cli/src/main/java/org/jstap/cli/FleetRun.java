package org.jstap.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jstap.api.SessionOptions;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.spi.Backend;
import org.jstap.run.Fleet;
import org.jstap.run.Loader;
import org.jstap.run.RemoteKernel;
import org.jstap.run.RemoteTarget;

/**
 * {@code --remote HOST...}: asks every host for its kernel (one multiplexed ssh connection each, all at once),
 * runs passes 1-4 once per distinct kernel build here (the kmod module needs that kernel's headers on this
 * machine; a host whose kernel has none is failed with the package to install), then pass 5 on every host at once
 * ({@link Fleet}). Exit status 1 if any host failed, as stap's.
 */
final class FleetRun {
    static final String BPF = "bpf";
    private final Driver driver;
    private final PrintStream out;
    private final PrintStream err;

    FleetRun(Driver driver, PrintStream out, PrintStream err) {
        this.driver = driver;
        this.out = out;
        this.err = err;
    }

    int run(Invocation inv) {
        SessionOptions o = inv.options();
        if (BPF.equals(o.runtime())) return new BpfFleetRun(driver, out, err).run(inv);
        if (!Backend.KMOD.equals(o.runtime())) {
            err.println("jstap: --remote runs kmod modules and bpf objects; --runtime=" + o.runtime() + " has no remote run");
            return 1;
        }
        Optional<Path> loader = Loader.find();
        if (loader.isEmpty()) {
            err.println("jstap: --remote needs the jstaprun loader (gcc and a static libc, or set JSTAP_LOADER)");
            return 1;
        }
        try (Fleet fleet = new Fleet(inv.remotes(), err)) {
            Map<RemoteTarget, RemoteKernel> kernels = fleet.connect();
            if (o.verbosity() > 0) {
                for (Map.Entry<RemoteTarget, RemoteKernel> e : kernels.entrySet()) {
                    err.printf("[%d] Pass 5: %s runs %s %s (%s)%n", e.getKey().index(), e.getKey().name(),
                            e.getValue().release(), e.getValue().build(), e.getValue().arch());
                }
            }
            Map<RemoteTarget, ModuleArtefact> modules = build(inv, fleet, kernels);
            if (!modules.isEmpty()) {
                try (OutputStream sink = output(o, out)) {
                    fleet.run(modules, loader.get(), o, sink, err, inv.remotePrefix());
                }
            }
            return fleet.failedCount() > 0 ? 1 : 0;
        } catch (IOException e) {
            err.println("jstap: --remote: " + e.getMessage());
            return 1;
        }
    }

    /** One module per distinct kernel build, in the order the hosts were given. */
    private Map<RemoteTarget, ModuleArtefact> build(Invocation inv, Fleet fleet, Map<RemoteTarget, RemoteKernel> kernels) {
        Map<String, List<RemoteTarget>> byKernel = new LinkedHashMap<>();
        for (Map.Entry<RemoteTarget, RemoteKernel> e : kernels.entrySet()) {
            byKernel.computeIfAbsent(e.getValue().buildKey(), k -> new ArrayList<>()).add(e.getKey());
        }
        String localArch = System.getProperty("os.arch").replace("amd64", "x86_64");
        Map<RemoteTarget, ModuleArtefact> modules = new LinkedHashMap<>();
        for (List<RemoteTarget> group : byKernel.values()) {
            RemoteKernel k = kernels.get(group.get(0));
            if (!k.arch().equals(localArch)) {
                for (RemoteTarget t : group) fleet.fail(t, 4, "it is " + k.arch() + "; this jstap builds for " + localArch);
                continue;
            }
            if (!Files.isRegularFile(Path.of("/lib/modules", k.release(), "build", "Makefile"))) {
                for (RemoteTarget t : group) {
                    fleet.fail(t, 4, "no headers for its kernel " + k.release() + " here: install linux-headers-"
                            + k.release());
                }
                continue;
            }
            ModuleArtefact[] built = new ModuleArtefact[1];
            int rc = driver.buildFor(inv, k.release(), a -> built[0] = (ModuleArtefact) a);
            if (rc != 0 || built[0] == null) {
                for (RemoteTarget t : group) fleet.fail(t, 4, "the module for kernel " + k.release() + " did not build");
                continue;
            }
            for (RemoteTarget t : group) modules.put(t, built[0]);
        }
        return modules;
    }

    static OutputStream output(SessionOptions o, PrintStream out) throws IOException {
        if (o.outputFile() != null) return Files.newOutputStream(o.outputFile());
        return new OutputStream() { // out stays open
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
            }

            @Override
            public void flush() {
                out.flush();
            }
        };
    }
}
