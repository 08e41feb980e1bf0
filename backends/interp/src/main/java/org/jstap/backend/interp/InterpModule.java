package org.jstap.backend.interp;

import org.jstap.api.spi.JstapModule;

/** Contributes the interp backend and its only pass, pass 5 ({@link InterpRunStage}). */
public final class InterpModule extends JstapModule {
    @Override
    protected void configure() {
        contributeBackend(InterpBackend.class);
        contributeStage(InterpRunStage.class);
    }
}
