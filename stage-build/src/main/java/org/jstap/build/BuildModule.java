package org.jstap.build;

import org.jstap.api.spi.JstapModule;

/** Contributes pass 4 of the kmod backend. */
public final class BuildModule extends JstapModule {
    @Override
    protected void configure() {
        contributeStage(BuildStage.class);
    }
}
