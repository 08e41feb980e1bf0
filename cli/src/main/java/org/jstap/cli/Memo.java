package org.jstap.cli;

import java.util.function.Supplier;

/** A supplier computed at most once (null included), on first use: locating a kernel reads the disk. */
final class Memo<T> implements Supplier<T> {
    private Supplier<T> source;
    private T value;

    Memo(Supplier<T> source) {
        this.source = source;
    }

    @Override
    public synchronized T get() {
        if (source != null) {
            value = source.get();
            source = null;
        }
        return value;
    }
}
