package org.jstap.cli.fakes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jstap.api.KernelInfo;
import org.jstap.api.spi.KernelLocator;

/** Records what it was asked; finds a kernel for any release except {@code missing}. */
public class FakeKernelLocator implements KernelLocator {
    public static final List<String> CALLS = new CopyOnWriteArrayList<>();

    public Optional<KernelInfo> locate(String releaseOrDir) {
        CALLS.add(String.valueOf(releaseOrDir));
        if ("missing".equals(releaseOrDir)) return Optional.empty();
        String rel = releaseOrDir == null ? "6.1.0-1-test" : releaseOrDir;
        return Optional.of(new KernelInfo(rel, "#1", "x86_64", Map.of(), null, null));
    }
}
