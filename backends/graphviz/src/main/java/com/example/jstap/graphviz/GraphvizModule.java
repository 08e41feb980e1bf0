package com.example.jstap.graphviz;

import org.jstap.api.spi.JstapModule;

/** What this jar contributes: the {@code graphviz} backend and its one stage, pass 3. */
public final class GraphvizModule extends JstapModule {
    @Override
    protected void configure() {
        contributeBackend(GraphvizBackend.class);
        contributeStage(GraphvizStage.class);
    }
}
