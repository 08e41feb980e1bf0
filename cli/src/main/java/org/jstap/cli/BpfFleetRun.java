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
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.backend.bpf.BpfRunStage;
import org.jstap.run.Fleet;
import org.jstap.run.RemoteKernel;
import org.jstap.run.RemoteTarget;

/**
 * {@code --remote HOST... --runtime=bpf}: every host is asked for its kernel (as for kmod); the bpf object is
 * built here and shipped with the static loader ({@code jstapbpf}, cached on each host by its hash); each host's
 * session runs on an engine of its own in this JVM (begin/end/timer probes, its globals, its ring-buffer records
 * formatted here), the loader there over the host's ssh master. A host without BTF, or whose kernel refuses the
 * object or a probe, is failed alone. Exit status 1 if any host failed.
 */
final class BpfFleetRun {
    /**
     * Whether one object is built per distinct BTF rather than once for all hosts. Target variables
     * ({@code $prev->pid}) are still compiled at the field offsets of the BTF pass 2 read (no CO-RE relocation for
     * them yet: see Driver.releaseFor's stop-gap for --target), so for now each distinct kernel BTF among the hosts
     * gets its own build, against that kernel installed here; hosts that share a BTF share an object. Once target
     * variables are relocated, this is false: one object, built against this machine's BTF, for every host.
     */
    static final boolean PER_BTF = true;

    private final Driver driver;
    private final PrintStream out;
    private final PrintStream err;

    BpfFleetRun(Driver driver, PrintStream out, PrintStream err) {
        this.driver = driver;
        this.out = out;
        this.err = err;
    }

    int run(Invocation inv) {
        SessionOptions o = inv.options();
        try (Fleet fleet = new Fleet(inv.remotes(), err)) {
            Map<RemoteTarget, RemoteKernel> kernels = fleet.connect();
            if (o.verbosity() > 0) {
                for (Map.Entry<RemoteTarget, RemoteKernel> e : kernels.entrySet()) {
                    err.printf("[%d] Pass 5: %s runs %s %s (%s), BTF %s%n", e.getKey().index(), e.getKey().name(),
                            e.getValue().release(), e.getValue().build(), e.getValue().arch(),
                            e.getValue().btfSha256() == null ? "none" : e.getValue().btfSha256().substring(0, 12));
                }
            }
            Map<RemoteTarget, ModuleArtefact> objects = build(inv, fleet, kernels);
            if (!objects.isEmpty()) {
                try (OutputStream sink = FleetRun.output(o, out)) {
                    fleet.runSessions(new ArrayList<>(objects.keySet()), (t, host, hostOut, hostErr, onStop, started) -> {
                        StageContext ctx = new StageContext(o, new Diagnostics(o.suppressWarnings(), o.warningsAreErrors()),
                                new SourceTexts(), () -> null, hostOut, hostErr);
                        try {
                            new BpfRunStage().run(objects.get(t), ctx, new BpfRunStage.Remote(host, t.index(), t.uri(), onStop, started));
                        } catch (StageFailedException e) {
                            throw new IOException(e.getMessage());
                        }
                    }, o, sink, err, inv.remotePrefix());
                }
            }
            return fleet.failedCount() > 0 ? 1 : 0;
        } catch (IOException e) {
            err.println("jstap: --remote: " + e.getMessage());
            return 1;
        }
    }

    /** The object of every host that can take one: one per distinct BTF ({@link #PER_BTF}), else one for all. */
    private Map<RemoteTarget, ModuleArtefact> build(Invocation inv, Fleet fleet, Map<RemoteTarget, RemoteKernel> kernels) {
        String localArch = System.getProperty("os.arch").replace("amd64", "x86_64");
        String here = System.getProperty("os.version");
        Map<String, List<RemoteTarget>> groups = new LinkedHashMap<>();
        for (Map.Entry<RemoteTarget, RemoteKernel> e : kernels.entrySet()) {
            RemoteTarget t = e.getKey();
            RemoteKernel k = e.getValue();
            if (k.btfSha256() == null) {
                fleet.fail(t, 5, "its kernel " + k.release() + " has no BTF (/sys/kernel/btf/vmlinux): the bpf backend "
                        + "needs a kernel built with CONFIG_DEBUG_INFO_BTF (or use --runtime=kmod)");
            } else if (!k.arch().equals(localArch)) {
                fleet.fail(t, 4, "it is " + k.arch() + "; this jstap builds for " + localArch);
            } else {
                groups.computeIfAbsent(PER_BTF ? k.btfSha256() : "all", g -> new ArrayList<>()).add(t);
            }
        }
        Map<RemoteTarget, ModuleArtefact> objects = new LinkedHashMap<>();
        for (List<RemoteTarget> group : groups.values()) {
            String release = PER_BTF ? kernels.get(group.get(0)).release() : here;
            if (!installedHere(release, here)) {
                for (RemoteTarget t : group) {
                    fleet.fail(t, 4, "its kernel " + release + " is not installed here, and a bpf object is still built "
                            + "against its target's BTF (target variables at its offsets): install linux-image-" + release);
                }
                continue;
            }
            ModuleArtefact[] built = new ModuleArtefact[1];
            int rc = driver.buildFor(inv, release, a -> built[0] = (ModuleArtefact) a);
            if (rc != 0 || built[0] == null) {
                for (RemoteTarget t : group) fleet.fail(t, 4, "the bpf object for kernel " + release + " did not build");
                continue;
            }
            for (RemoteTarget t : group) objects.put(t, built[0]);
        }
        return objects;
    }

    /** The running kernel, or one whose image or modules are installed (its BTF is read from the image). */
    private static boolean installedHere(String release, String running) {
        return release.equals(running) || Files.isRegularFile(Path.of("/boot", "vmlinuz-" + release))
                || Files.isDirectory(Path.of("/lib/modules", release));
    }
}
