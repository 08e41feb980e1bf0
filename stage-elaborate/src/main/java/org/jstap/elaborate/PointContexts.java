package org.jstap.elaborate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jstap.api.KernelInfo;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.debuginfo.DebugInfoProvider;
import org.jstap.api.debuginfo.HeaderTypes;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.ir.PointContext;

/** A {@link PointContext} that finds the target kernel and loads debug info only when a provider asks. */
final class PointContexts implements PointContext {
    private final StageContext ctx;
    private final List<DebugInfoProvider> providers;
    private Optional<DebugInfo> kernel;
    private final Map<String, Optional<DebugInfo>> modules = new HashMap<>();
    private KernelInfo info;
    private boolean infoLoaded;

    PointContexts(StageContext ctx, List<DebugInfoProvider> providers) {
        this.ctx = ctx;
        this.providers = providers;
    }

    @Override public SessionOptions options() { return ctx.options(); }

    @Override public Diagnostics diagnostics() { return ctx.diagnostics(); }

    private KernelInfo info() {
        if (!infoLoaded) {
            infoLoaded = true;
            try {
                info = ctx.kernel() == null ? null : ctx.kernel().get();
            } catch (RuntimeException e) {
                info = null;
            }
        }
        return info;
    }

    @Override
    public Optional<String> kernelRelease() {
        KernelInfo k = info();
        return k == null ? Optional.empty() : Optional.ofNullable(k.release());
    }

    @Override
    public Optional<DebugInfo> kernel() {
        if (kernel == null) {
            kernel = Optional.empty();
            KernelInfo k = info();
            for (DebugInfoProvider p : providers) {
                Optional<DebugInfo> d = p.kernel(k);
                if (d.isPresent()) {
                    kernel = d;
                    break;
                }
            }
        }
        return kernel;
    }

    @Override
    public Optional<DebugInfo> module(String name) {
        return modules.computeIfAbsent(name, n -> {
            KernelInfo k = info();
            for (DebugInfoProvider p : providers) {
                Optional<DebugInfo> d = p.module(k, n);
                if (d.isPresent()) return d;
            }
            return Optional.empty();
        });
    }

    @Override
    public Optional<String> whyNoDebugInfo(String module) {
        KernelInfo k = info();
        if (k == null) return Optional.empty();
        for (DebugInfoProvider p : providers) {
            Optional<String> why = p.problem(k, module == null ? null : module.replace('-', '_'));
            if (why.isPresent()) return why;
        }
        return Optional.empty();
    }

    @Override
    public List<String> moduleNames() {
        KernelInfo k = info();
        if (k == null) return List.of();
        for (DebugInfoProvider p : providers) {
            List<String> names = p.moduleNames(k);
            if (!names.isEmpty()) return names;
        }
        return List.of();
    }

    @Override
    public Map<String, String> moduleTracepoints() {
        KernelInfo k = info();
        if (k == null) return Map.of();
        for (DebugInfoProvider p : providers) {
            Map<String, String> tps = p.moduleTracepoints(k);
            if (!tps.isEmpty()) return tps;
        }
        return Map.of();
    }

    @Override
    public HeaderTypes headers(List<String> headers) {
        for (DebugInfoProvider p : providers) {
            Optional<HeaderTypes> t = p.headers(headers);
            if (t.isPresent()) return t.get();
        }
        return PointContext.super.headers(headers);
    }

    @Override
    public HeaderTypes programTypes(java.nio.file.Path dwarfFile) {
        for (DebugInfoProvider p : providers) {
            Optional<HeaderTypes> t = p.programTypes(dwarfFile);
            if (t.isPresent()) return t.get();
        }
        return PointContext.super.programTypes(dwarfFile);
    }

    /** The hash of whatever debug info was actually used, for the artefact's input hash. */
    String usedHash() {
        StringBuilder b = new StringBuilder();
        if (kernel != null) kernel.ifPresent(d -> b.append(d.hash()));
        modules.forEach((n, d) -> d.ifPresent(x -> b.append(n).append(x.hash())));
        return b.toString();
    }
}
