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
}
