package org.jstap.cli.fakes;

import org.jstap.api.spi.JstapModule;

/** The fake plugins the driver tests combine. */
public final class Modules {
    private Modules() {}

    public static class FrontEnd extends JstapModule {
        @Override protected void configure() {
            contributeStage(FakeParse.class);
            contributeStage(FakeElaborate.class);
            contributeKernelLocator(FakeKernelLocator.class);
        }
    }

    public static class ParseOnly extends JstapModule {
        @Override protected void configure() {
            contributeStage(FakeParse.class);
        }
    }

    public static class Kmod extends JstapModule {
        @Override protected void configure() {
            contributeStage(FakeTranslate.class);
            contributeBackend(FakeBackend.class);
        }
    }

    public static class WrongInput extends JstapModule {
        @Override protected void configure() {
            contributeStage(FakeParse.class);
            contributeStage(WrongInputElaborate.class);
        }
    }

    public static class Targets extends JstapModule {
        @Override protected void configure() {
            contributeRunTarget(FakeTargets.Local.class);
            contributeRunTarget(FakeTargets.Vm.class);
        }
    }

    public static class Commands extends JstapModule {
        @Override protected void configure() {
            contributeSubcommand(FakeSubcommand.class);
        }
    }
}
