package org.jstap.backend.interp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.jstap.api.ir.HistParams;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrType;

/**
 * A script array as runtime-c's {@code jst_map}: capacity from the declaration or MAXMAPENTRIES, "Array overflow"
 * when full unless declared with {@code %} (then the oldest entry goes), iteration in insertion order. Keys are a
 * {@code Long}/{@code String} for one column, a {@link Tuple} for more.
 */
final class MapStore {
    final IrGlobal global;
    final long capacity;
    final boolean stats;
    final List<HistParams> shapes;
    private final LinkedHashMap<Object, Entry> map = new LinkedHashMap<>();

    static final class Entry {
        final Object key;
        long l;
        String s = "";
        Stat st;
        boolean dead;

        Entry(Object key) {
            this.key = key;
        }
    }

    /** A multi-column key. */
    record Tuple(Object[] cols) {
        @Override public boolean equals(Object o) {
            return o instanceof Tuple t && Arrays.equals(cols, t.cols);
        }

        @Override public int hashCode() {
            return Arrays.hashCode(cols);
        }
    }

    MapStore(IrGlobal g, long defaultCapacity) {
        this.global = g;
        this.capacity = g.maxEntries() != null ? g.maxEntries() : defaultCapacity;
        this.stats = g.type() == IrType.STATS;
        this.shapes = g.histograms();
    }

    static Object col(Object key, int i) {
        return key instanceof Tuple t ? t.cols[i] : key;
    }

    int size() {
        return map.size();
    }

    Entry find(Object key) {
        return map.get(key);
    }

    /** The entry for key, inserted (zero value) if absent; null when full and not wrapping. */
    Entry insert(Object key) {
        Entry e = map.get(key);
        if (e != null) return e;
        if (map.size() >= capacity) {
            if (!global.wrap() || map.isEmpty()) return null;
            Iterator<Entry> it = map.values().iterator();
            it.next().dead = true;
            it.remove();
        }
        e = new Entry(key);
        if (stats) e.st = new Stat(shapes);
        map.put(key, e);
        return e;
    }

    void remove(Object key) {
        Entry e = map.remove(key);
        if (e != null) e.dead = true;
    }

    void clear() {
        for (Entry e : map.values()) e.dead = true;
        map.clear();
    }

    /** Entries matching a slice (null columns are wildcards; null slice: all), in insertion order. */
    List<Entry> select(Object[] slice) {
        List<Entry> out = new ArrayList<>(map.size());
        for (Entry e : map.values()) if (matches(e.key, slice)) out.add(e);
        return out;
    }

    boolean exists(Object[] slice) {
        for (Entry e : map.values()) if (matches(e.key, slice)) return true;
        return false;
    }

    void removeSlice(Object[] slice) {
        Iterator<Entry> it = map.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (matches(e.key, slice)) {
                e.dead = true;
                it.remove();
            }
        }
    }

    static boolean matches(Object key, Object[] slice) {
        if (slice == null) return true;
        for (int i = 0; i < slice.length; i++) {
            if (slice[i] != null && !slice[i].equals(col(key, i))) return false;
        }
        return true;
    }
}
