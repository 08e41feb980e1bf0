package org.jstap.api.spi;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.jstap.api.Pass;
import org.jstap.api.Stage;
import org.jstap.api.debuginfo.DebugInfoProvider;

/**
 * Everything the plugins on the class path contribute. Build one with {@link #discover(ClassLoader)}.
 * When two stages claim the same pass and backend, the one whose class is not in an {@code org.jstap.}
 * package wins: that is how a plugin replaces a built-in stage.
 */
public final class Registry {
    private final Set<Stage<?, ?>> stages;
    private final Set<Backend> backends;
    private final Set<RunTarget> targets;
    private final Set<ProbeProvider> probeProviders;
    private final Set<DebugInfoProvider> debugInfos;
    private final Set<KernelLocator> kernelLocators;
    private final Set<Subcommand> subcommands;
    private Injector injector;
    private List<com.google.inject.Module> modules = List.of();

    @Inject
    Registry(Set<Stage<?, ?>> stages, Set<Backend> backends, Set<RunTarget> targets,
             Set<ProbeProvider> probeProviders, Set<DebugInfoProvider> debugInfos,
             Set<KernelLocator> kernelLocators, Set<Subcommand> subcommands) {
        this.kernelLocators = kernelLocators;
        this.subcommands = subcommands;
        this.stages = stages;
        this.backends = backends;
        this.targets = targets;
        this.probeProviders = probeProviders;
        this.debugInfos = debugInfos;
    }

    /**
     * Finds every {@link JstapModule} visible to {@code loader} and wires them together: without Guice when the
     * modules only contribute (see {@link LeanWiring}), else with it.
     */
    public static Registry discover(ClassLoader loader) {
        List<com.google.inject.Module> modules = new ArrayList<>();
        Optional<List<JstapModule>> plain = ClassPathServices.load(JstapModule.class, loader);
        if (plain.isPresent()) modules.addAll(plain.get());
        else ServiceLoader.load(JstapModule.class, loader).forEach(modules::add);
        Registry r;
        try {
            r = lean(modules);
        } catch (LeanWiring.Unsupported e) {
            r = null;
        }
        if (r == null) {
            Injector injector = guice(modules);
            r = injector.getInstance(Registry.class);
            r.injector = injector;
        }
        r.modules = List.copyOf(modules);
        return r;
    }

    private static Registry lean(List<com.google.inject.Module> modules) throws LeanWiring.Unsupported {
        LeanWiring w = new LeanWiring(LeanWiring.record(modules));
        return new Registry(cast(w.set(Stage.class)), cast(w.set(Backend.class)), cast(w.set(RunTarget.class)),
                cast(w.set(ProbeProvider.class)), cast(w.set(DebugInfoProvider.class)),
                cast(w.set(KernelLocator.class)), cast(w.set(Subcommand.class)));
    }

    @SuppressWarnings("unchecked")
    private static <T> Set<T> cast(Set<Object> s) {
        return (Set<T>) s;
    }

    private static Injector guice(List<com.google.inject.Module> contributed) {
        List<com.google.inject.Module> modules = new ArrayList<>();
        modules.add(new AbstractModule() {
            @Override
            protected void configure() {
                JstapModule.declareSets(binder());
            }
        });
        modules.addAll(contributed);
        return Guice.createInjector(com.google.inject.Stage.PRODUCTION, modules);
    }

    /**
     * For stages that need other wired services: the Guice injector of the same modules (made on first use when
     * the registry was wired without it; its instances are then its own).
     */
    public synchronized Injector injector() {
        if (injector == null) injector = guice(modules);
        return injector;
    }

    /** The stage for a pass: front-end passes ignore {@code backend}. Plugins outside org.jstap win ties. */
    public Optional<Stage<?, ?>> stage(Pass pass, String backend) {
        return stages.stream()
                .filter(s -> s.pass() == pass)
                .filter(s -> s.backend().equals("*") || s.backend().equals(backend))
                .max(Comparator.comparingInt(Registry::pluginRank));
    }

    private static int pluginRank(Stage<?, ?> s) {
        return s.getClass().getName().startsWith("org.jstap.") ? 0 : 1;
    }

    public Set<Stage<?, ?>> stages() {
        return stages;
    }

    public Set<Backend> backends() {
        return backends;
    }

    public Optional<Backend> backend(String name) {
        return backends.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public Set<RunTarget> runTargets() {
        return targets;
    }

    public Set<ProbeProvider> probeProviders() {
        return probeProviders;
    }

    public Set<DebugInfoProvider> debugInfos() {
        return debugInfos;
    }

    public Set<KernelLocator> kernelLocators() {
        return kernelLocators;
    }

    public Optional<Subcommand> subcommand(String name) {
        return subcommands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Set<Subcommand> subcommands() {
        return subcommands;
    }
}
