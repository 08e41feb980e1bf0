package org.jstap.backend.interp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import org.jstap.api.ir.HistParams;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrType;

/**
 * A script array as runtime-c's {@code jst_map}: capacity from the declaration or MAXMAPENTRIES, "Array overflow"
 * when full unless declared with {@code %} (then the first entry in the array's order goes), iteration in insertion
 * order until a sorted foreach reorders the array ({@link #sort}). Keys are a
 * {@code Long}/{@code String} for one column, a {@link Tuple} for more.
 */
final class MapStore {
    final IrGlobal global;
    final long capacity;
    final boolean stats;
    final List<HistParams> shapes;
    final int bitShift;
    private final HashMap<Object, Entry> map = new HashMap<>();
    /** The array's order: insertion order, or the last sort's (a doubly linked list through the entries). */
    private Entry first, last;
    private long nextSeq = 1;

    static final class Entry {
        final Object key;
        long l;
        String s = "";
        Stat st;
        boolean dead;
        long seq;
        Entry prev, next;

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
        this.bitShift = g.bitShift();
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

    /** The entry for key, inserted (zero value, last in the order) if absent; null when full and not wrapping. */
    Entry insert(Object key) {
        Entry e = map.get(key);
        if (e != null) return e;
        if (map.size() >= capacity) {
            if (!global.wrap() || first == null) return null;
            remove(first.key); // the first in the array's order goes
        }
        return insertUnbounded(key);
    }

    /** Inserts whatever the capacity (the kernel side of another backend already enforced it). */
    Entry insertUnbounded(Object key) {
        Entry e = map.get(key);
        if (e != null) return e;
        e = new Entry(key);
        e.seq = nextSeq++;
        if (stats) e.st = new Stat(shapes, bitShift);
        map.put(key, e);
        link(e);
        return e;
    }

    private void link(Entry e) {
        e.prev = last;
        e.next = null;
        if (last != null) last.next = e;
        else first = e;
        last = e;
    }

    private void unlink(Entry e) {
        if (e.prev != null) e.prev.next = e.next;
        else first = e.next;
        if (e.next != null) e.next.prev = e.prev;
        else last = e.prev;
        e.dead = true;
    }

    void remove(Object key) {
        Entry e = map.remove(key);
        if (e != null) unlink(e);
    }

    void clear() {
        for (Entry e = first; e != null; e = e.next) e.dead = true;
        map.clear();
        first = last = null;
    }

    /** The entries in the array's order. */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>(map.size());
        for (Entry e = first; e != null; e = e.next) out.add(e);
        return out;
    }

    /** Largest limit a sorted foreach sorts only the front of the array for (a top-N selection, as stap). */
    static final long TOPN_MAX = 30;

    /**
     * A sorted foreach sorts the array itself, as stap does: stably over its current order, so later unsorted
     * iterations (and slices, and a {@code %} array's eviction) follow the last sort; new keys still go last. With a
     * limit 1..TOPN_MAX smaller than the array only the best {@code limit} entries move to the front, sorted; entries
     * pushed out of that front block follow it (the last pushed out first), then the rest in their current order.
     * Arrays of statistics are not reordered (kmod merges their per-CPU parts again for each iteration, in insertion
     * order); their sorted order is returned for the loop to visit. Returns null when the array itself was sorted.
     */
    List<Entry> sort(Comparator<Entry> c, long limit) {
        List<Entry> cur = entries();
        List<Entry> out;
        int total = cur.size();
        if (limit > 0 && limit <= TOPN_MAX && limit < total) {
            int n = (int) limit;
            List<Entry> top = new ArrayList<>(cur.subList(0, n));
            top.sort(c);
            ArrayDeque<Entry> pushed = new ArrayDeque<>();
            List<Entry> rest = new ArrayList<>();
            for (Entry a : cur.subList(n, total)) {
                if (c.compare(top.get(n - 1), a) > 0) {
                    pushed.addFirst(top.remove(n - 1));
                    int at = top.size();
                    while (at > 0 && c.compare(top.get(at - 1), a) > 0) at--;
                    top.add(at, a);
                } else {
                    rest.add(a);
                }
            }
            out = top;
            out.addAll(pushed);
            out.addAll(rest);
        } else {
            out = cur;
            out.sort(c);
        }
        if (stats) return out;
        first = last = null;
        for (Entry e : out) link(e);
        return null;
    }

    /**
     * A foreach over the array's live order, as stap's: each step follows the order list as it is then (a sort in
     * the loop body changes what comes next); keys inserted during the loop are not visited; when the current entry
     * was deleted, the loop goes on at its successor of the time. The limit counts every entry passed, in the slice
     * or not (stap). {@code fixed}: a sorted statistics array's order, visited as it is.
     */
    final class Cursor {
        private final Object[] slice;
        private final List<Entry> fixed;
        private final long startSeq = nextSeq;
        private long left;
        private int fixedPos;
        private boolean started;
        private Entry cur, after;

        Cursor(Object[] slice, long limit, List<Entry> fixed) {
            this.slice = slice;
            this.left = limit;
            this.fixed = fixed;
        }

        Entry next() {
            for (;;) {
                Entry e;
                if (fixed != null) {
                    e = fixedPos < fixed.size() ? fixed.get(fixedPos++) : null;
                    if (e != null && e.dead) continue;
                } else if (!started) {
                    started = true;
                    e = first;
                } else if (cur != null && !cur.dead) {
                    e = cur.next;
                } else if (after != null && !after.dead) {
                    e = after;
                } else {
                    e = null;
                }
                if (e == null || left == 0) {
                    cur = after = null;
                    started = true;
                    if (fixed != null) fixedPos = fixed.size();
                    return null;
                }
                cur = e;
                after = e.next;
                if (e.seq >= startSeq) continue; // inserted during the loop
                if (left > 0) left--;
                if (matches(e.key, slice)) return e;
            }
        }
    }

    /** Entries matching a slice (null columns are wildcards; null slice: all), in the array's order. */
    List<Entry> select(Object[] slice) {
        List<Entry> out = new ArrayList<>(map.size());
        for (Entry e = first; e != null; e = e.next) if (matches(e.key, slice)) out.add(e);
        return out;
    }

    boolean exists(Object[] slice) {
        for (Entry e = first; e != null; e = e.next) if (matches(e.key, slice)) return true;
        return false;
    }

    void removeSlice(Object[] slice) {
        for (Entry e = first, nx; e != null; e = nx) {
            nx = e.next;
            if (matches(e.key, slice)) {
                map.remove(e.key);
                unlink(e);
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
