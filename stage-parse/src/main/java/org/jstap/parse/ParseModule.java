package org.jstap.parse;

import org.jstap.api.spi.JstapModule;

/** Contributes pass 1 to the driver. */
public final class ParseModule extends JstapModule {
    @Override
    protected void configure() {
        contributeStage(ParseStage.class);
    }
}
