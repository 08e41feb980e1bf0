package org.jstap.api.spi;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import java.util.List;
import org.jstap.api.Stage;
import org.jstap.api.debuginfo.DebugInfoProvider;

/**
 * What a jar contributes to jstap. Each stage or backend jar lists one subclass in
 * {@code META-INF/services/org.jstap.api.spi.JstapModule}; the driver finds them with {@link java.util.ServiceLoader}
 * and wires them with Guice, so adding a jar to the class path is all a plugin takes.
 * Subclasses call the {@code contribute*} helpers from {@link #configure()}.
 */
public abstract class JstapModule extends AbstractModule {
    static final TypeLiteral<Stage<?, ?>> STAGE = new TypeLiteral<>() {};

    /** Set while {@link LeanWiring} runs {@link #configure()} without Guice: contributions are listed here. */
    private List<LeanWiring.Contribution> recording;

    /** Runs {@link #configure()} to list its contributions only; a module that binds anything else throws. */
    final void recordInto(List<LeanWiring.Contribution> out) {
        recording = out;
        try {
            configure();
        } finally {
            recording = null;
        }
    }

    private boolean recorded(Class<?> kind, Class<?> implementation) {
        if (recording == null) return false;
        recording.add(new LeanWiring.Contribution(kind, implementation));
        return true;
    }

    @Override
    protected abstract void configure();

    /** Declare the extension sets even when empty so injection never fails for lack of contributions. */
    static void declareSets(com.google.inject.Binder binder) {
        Multibinder.newSetBinder(binder, STAGE);
        Multibinder.newSetBinder(binder, Backend.class);
        Multibinder.newSetBinder(binder, RunTarget.class);
        Multibinder.newSetBinder(binder, ProbeProvider.class);
        Multibinder.newSetBinder(binder, DebugInfoProvider.class);
        Multibinder.newSetBinder(binder, KernelLocator.class);
        Multibinder.newSetBinder(binder, Subcommand.class);
    }

    /** Declares every extension set (empty unless contributed), for a module also used on its own with Guice. */
    protected void declareExtensionSets() {
        if (recording == null) declareSets(binder());
    }

    protected void contributeStage(Class<? extends Stage<?, ?>> stage) {
        if (recorded(Stage.class, stage)) return;
        Multibinder.newSetBinder(binder(), STAGE).addBinding().to(stage);
    }

    protected void contributeBackend(Class<? extends Backend> backend) {
        if (recorded(Backend.class, backend)) return;
        Multibinder.newSetBinder(binder(), Backend.class).addBinding().to(backend);
    }

    protected void contributeRunTarget(Class<? extends RunTarget> target) {
        if (recorded(RunTarget.class, target)) return;
        Multibinder.newSetBinder(binder(), RunTarget.class).addBinding().to(target);
    }

    protected void contributeProbeProvider(Class<? extends ProbeProvider> provider) {
        if (recorded(ProbeProvider.class, provider)) return;
        Multibinder.newSetBinder(binder(), ProbeProvider.class).addBinding().to(provider);
    }

    protected void contributeDebugInfoProvider(Class<? extends DebugInfoProvider> debugInfo) {
        if (recorded(DebugInfoProvider.class, debugInfo)) return;
        Multibinder.newSetBinder(binder(), DebugInfoProvider.class).addBinding().to(debugInfo);
    }

    protected void contributeKernelLocator(Class<? extends KernelLocator> locator) {
        if (recorded(KernelLocator.class, locator)) return;
        Multibinder.newSetBinder(binder(), KernelLocator.class).addBinding().to(locator);
    }

    protected void contributeSubcommand(Class<? extends Subcommand> command) {
        if (recorded(Subcommand.class, command)) return;
        Multibinder.newSetBinder(binder(), Subcommand.class).addBinding().to(command);
    }
}
