package org.jstap.elaborate.sem;

import org.jstap.irtools.IrPass;

/** A pass of {@link TailPasses}: its name, one line of description, and when it runs. */
abstract class TailPass implements IrPass<TailContext> {
    private final String name;
    private final String description;
    private final boolean optimising;
    private final boolean whenListing;

    /**
     * @param optimising  {@code -u} skips it
     * @param whenListing it runs for {@code -l}/{@code -L} too (which only need the probe points)
     */
    TailPass(String name, String description, boolean optimising, boolean whenListing) {
        this.name = name;
        this.description = description;
        this.optimising = optimising;
        this.whenListing = whenListing;
    }

    @Override public final String name() { return name; }

    @Override public final String description() { return description; }

    @Override public final boolean optimising() { return optimising; }

    @Override public final boolean enabled(TailContext c) { return whenListing || !c.listing(); }
}
