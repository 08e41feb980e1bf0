package org.jstap.run;

import org.jstap.api.spi.JstapModule;

/** Contributes pass 5 of the kmod backend, its run targets and {@code jstap vm}. */
public final class RunModule extends JstapModule {
    @Override
    protected void configure() {
        contributeStage(RunStage.class);
        contributeRunTarget(LocalTarget.class);
        contributeRunTarget(VmTarget.class);
        contributeSubcommand(VmSubcommand.class);
    }
}
