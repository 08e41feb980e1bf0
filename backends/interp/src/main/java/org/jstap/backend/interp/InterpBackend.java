package org.jstap.backend.interp;

import org.jstap.api.spi.Backend;

/** {@code --runtime=interp}: the script runs in the jstap process; begin, end, error and timer probes only. */
public final class InterpBackend implements Backend {
    public static final String NAME = "interp";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "run the script in-process, no kernel module (begin, end, error and timer probes)";
    }
}
