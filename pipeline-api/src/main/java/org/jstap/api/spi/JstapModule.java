package org.jstap.api.spi;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
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

    protected void contributeStage(Class<? extends Stage<?, ?>> stage) {
        Multibinder.newSetBinder(binder(), STAGE).addBinding().to(stage);
    }

    protected void contributeBackend(Class<? extends Backend> backend) {
        Multibinder.newSetBinder(binder(), Backend.class).addBinding().to(backend);
    }

    protected void contributeRunTarget(Class<? extends RunTarget> target) {
        Multibinder.newSetBinder(binder(), RunTarget.class).addBinding().to(target);
    }

    protected void contributeProbeProvider(Class<? extends ProbeProvider> provider) {
        Multibinder.newSetBinder(binder(), ProbeProvider.class).addBinding().to(provider);
    }

    protected void contributeDebugInfoProvider(Class<? extends DebugInfoProvider> debugInfo) {
        Multibinder.newSetBinder(binder(), DebugInfoProvider.class).addBinding().to(debugInfo);
    }

    protected void contributeKernelLocator(Class<? extends KernelLocator> locator) {
        Multibinder.newSetBinder(binder(), KernelLocator.class).addBinding().to(locator);
    }

    protected void contributeSubcommand(Class<? extends Subcommand> command) {
        Multibinder.newSetBinder(binder(), Subcommand.class).addBinding().to(command);
    }
}
