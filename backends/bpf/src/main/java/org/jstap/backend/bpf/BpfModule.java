package org.jstap.backend.bpf;

import org.jstap.api.spi.JstapModule;

/** Contributes the bpf backend and its passes 3 ({@link BpfTranslateStage}), 4 ({@link BpfBuildStage}), 5 ({@link BpfRunStage}). */
public final class BpfModule extends JstapModule {
    @Override
    protected void configure() {
        contributeBackend(BpfBackend.class);
        contributeStage(BpfTranslateStage.class);
        contributeStage(BpfBuildStage.class);
        contributeStage(BpfRunStage.class);
    }
}
