package org.jstap.translate;

import java.util.ArrayList;
import java.util.List;

/**
 * The storage of one probe handler, function or entry handler: a struct in the per-CPU locals area (never the
 * kernel stack; string temporaries are MAXSTRINGLEN bytes each). Temporaries are handed out in stack order and
 * given back at the end of each statement, so a frame holds only the deepest statement's worth.
 * Long temporaries are plain C locals ({@code t0}...), few and small.
 */
final class Frame {
    final String structName;
    final String member;
    private final List<String> fields = new ArrayList<>();
    /** Whether the body needs {@code jt_m}, the aggregated map of a statistics array. */
    boolean mapTemp;
    int longs, longsHigh, strs, strsHigh, keys, keysHigh, iters, itersHigh, slices, slicesHigh;

    Frame(String structName, String member) {
        this.structName = structName;
        this.member = member;
    }

    void field(String decl) {
        fields.add(decl);
    }

    String newLong() {
        String n = "t" + longs++;
        longsHigh = Math.max(longsHigh, longs);
        return n;
    }

    String newStr() {
        String n = "f->s" + strs++;
        strsHigh = Math.max(strsHigh, strs);
        return n;
    }

    String newKeys() {
        String n = "f->k" + keys++;
        keysHigh = Math.max(keysHigh, keys);
        return n;
    }

    int newIter() {
        int n = iters++;
        itersHigh = Math.max(itersHigh, iters);
        return n;
    }

    String newSlice() {
        String n = "f->sl" + slices++;
        slicesHigh = Math.max(slicesHigh, slices);
        return n;
    }

    /** Temporaries in use, to give back later. */
    int[] mark() {
        return new int[] {longs, strs, keys, slices};
    }

    void release(int[] m) {
        longs = m[0];
        strs = m[1];
        keys = m[2];
        slices = m[3];
    }

    String definition() {
        StringBuilder b = new StringBuilder("struct " + structName + " {\n");
        for (String f : fields) b.append('\t').append(f).append(";\n");
        for (int i = 0; i < strsHigh; i++) b.append("\tchar s").append(i).append("[MAXSTRINGLEN];\n");
        for (int i = 0; i < keysHigh; i++) b.append("\tunion jst_kv k").append(i).append("[JST_MAX_KEYS];\n");
        for (int i = 0; i < slicesHigh; i++) b.append("\tstruct jst_slice sl").append(i).append(";\n");
        for (int i = 0; i < itersHigh; i++) {
            b.append("\tstruct jst_iter it").append(i).append(";\n");
            b.append("\tstruct jst_map_entry *e").append(i).append(";\n");
        }
        if (fields.isEmpty() && strsHigh + keysHigh + slicesHigh + itersHigh == 0) b.append("\tchar unused;\n");
        return b.append("};\n").toString();
    }

    /** Declarations of the long temporaries, for the top of the C function. */
    String longDecls() {
        if (longsHigh == 0) return null;
        StringBuilder b = new StringBuilder("int64_t ");
        for (int i = 0; i < longsHigh; i++) b.append(i == 0 ? "" : ", ").append('t').append(i).append(" = 0");
        return b.append(';').toString();
    }
}
