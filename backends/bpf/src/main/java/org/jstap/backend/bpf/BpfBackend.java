package org.jstap.backend.bpf;

import org.jstap.api.spi.Backend;

/** {@code --runtime=bpf}: kernel-side probes as BPF programs on this kernel (BTF, no module); the rest in Java. */
public final class BpfBackend implements Backend {
    public static final String NAME = "bpf";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "run kernel probes as eBPF programs on this kernel (needs BTF and root), no kernel module";
    }
}
