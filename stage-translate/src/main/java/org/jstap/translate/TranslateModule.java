package org.jstap.translate;

import org.jstap.api.spi.JstapModule;

/** Contributes pass 3 of the kmod backend, and the kmod backend itself. */
public final class TranslateModule extends JstapModule {
    @Override
    protected void configure() {
        contributeStage(TranslateStage.class);
        contributeBackend(KmodBackend.class);
    }
}
