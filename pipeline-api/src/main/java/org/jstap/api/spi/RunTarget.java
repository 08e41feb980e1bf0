package org.jstap.api.spi;

/**
 * Where pass 5 runs a built module: {@code local} (this kernel), {@code vm} (the built-in QEMU test VM),
 * later {@code ssh://host}. Selected with {@code --target=NAME}; the default is the first available in
 * preference order.
 */
public interface RunTarget {
    String name();

    /** Lower runs first when choosing a default. */
    int preference();

    /** Whether this target can run modules on this machine now; {@link #whyUnavailable()} says why not. */
    boolean isAvailable();

    String whyUnavailable();

    /**
     * The kernel release modules for this target must be built for, when the target decides it (the running test
     * VM's kernel); empty when the kernel locator's default is right. Used for pass 2-4 when there is no {@code -r}.
     */
    default java.util.Optional<String> kernelRelease() {
        return java.util.Optional.empty();
    }
}
