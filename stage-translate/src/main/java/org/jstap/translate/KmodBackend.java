package org.jstap.translate;

import org.jstap.api.spi.Backend;

/** The default backend: a C kernel module built by kbuild and run locally or in the test VM. */
public final class KmodBackend implements Backend {
    public static final String NAME = "kmod";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Linux kernel module (default)";
    }
}
