package org.jstap.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
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
 * {@code --remote HOST... --runtime=bpf}: every host is asked for its kernel (as for kmod); one CO-RE bpf object
 * is built here for all of them and shipped with the static loader ({@code jstapbpf}, cached on each host by its hash); each host's
 * session runs on an engine of its own in this JVM (begin/end/timer probes, its globals, its ring-buffer records
 * formatted here), the loader there over the host's ssh master. A host without BTF, or whose kernel refuses the
 * object or a probe, is failed alone. Exit status 1 if any host failed.
 */
final class BpfFleetRun {
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

    /**
     * The object of every host that can take one: one build for all, against this machine's BTF (or {@code -r}'s
     * kernel): its field accesses are CO-RE relocations, so the one object reads each host's own layout, and the
     * pass-4 cache keys it without a kernel build string (a fleet on many kernels is still one build).
     */
    private Map<RemoteTarget, ModuleArtefact> build(Invocation inv, Fleet fleet, Map<RemoteTarget, RemoteKernel> kernels) {
        String localArch = System.getProperty("os.arch").replace("amd64", "x86_64");
        List<RemoteTarget> able = new ArrayList<>();
        for (Map.Entry<RemoteTarget, RemoteKernel> e : kernels.entrySet()) {
            RemoteTarget t = e.getKey();
            RemoteKernel k = e.getValue();
            if (k.btfSha256() == null) {
                fleet.fail(t, 5, "its kernel " + k.release() + " has no BTF (/sys/kernel/btf/vmlinux): the bpf backend "
                        + "needs a kernel built with CONFIG_DEBUG_INFO_BTF (or use --runtime=kmod)");
            } else if (!k.arch().equals(localArch)) {
                fleet.fail(t, 4, "it is " + k.arch() + "; this jstap builds for " + localArch);
            } else {
                able.add(t);
            }
        }
        Map<RemoteTarget, ModuleArtefact> objects = new LinkedHashMap<>();
        if (able.isEmpty()) return objects;
        String r = inv.options().kernelRelease();
        String release = r != null && !r.isEmpty() ? r : System.getProperty("os.version");
        ModuleArtefact[] built = new ModuleArtefact[1];
        int rc = driver.buildFor(inv, release, a -> built[0] = (ModuleArtefact) a);
        if (rc != 0 || built[0] == null) {
            for (RemoteTarget t : able) fleet.fail(t, 4, "the bpf object did not build");
            return objects;
        }
        for (RemoteTarget t : able) objects.put(t, built[0]);
        return objects;
    }
}
