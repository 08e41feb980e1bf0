package org.jstap.backend.bpf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jstap.backend.interp.UserSpaceEngine;

/**
 * Keeps interp's globals and the BPF maps the same around each user-space handler: {@link #pull} copies the maps
 * into the engine before it, {@link #push} writes back only what the handler changed (so counts the kernel made
 * meanwhile survive an untouched global).
 */
final class MapSync {
    private final LoaderSession loader;
    private final UserSpaceEngine engine;
    private final List<BpfManifest.MapSpec> maps;
    private final Map<String, Map<String, Object>> snapshot = new HashMap<>();

    MapSync(LoaderSession loader, UserSpaceEngine engine, List<BpfManifest.MapSpec> maps, int ncpus) {
        this.ncpus = ncpus;
        this.loader = loader;
        this.engine = engine;
        this.maps = maps;
    }

    void pull() throws IOException {
        for (BpfManifest.MapSpec m : maps) {
            LoaderSession.Reply r = loader.call("get " + m.map());
            if (r.type() != LoaderSession.FR_OK) throw new IOException(r.text());
            List<Object[]> rows = MapCodec.rows(m, r.buffer());
            Map<String, Long> stamp = inOrder(m, rows, MapCodec.order(m, r.buffer()));
            if (m.kind().startsWith("stat")) {
                ncpus = Math.max(1, statCpus(m, r.buffer()));
                if (m.kind().equals("stat")) engine.setStat(m.global(), rows.isEmpty() ? List.of() : MapCodec.partials(rows.get(0)[0]));
                else {
                    for (Object[] row : rows) row[row.length - 1] = MapCodec.partials(row[row.length - 1]);
                    // kmod merges the CPUs' parts again at every read: the order is the merge's, never a sort's
                    engine.replaceEntries(m.global(), List.of());
                    engine.replaceEntries(m.global(), rows);
                }
                stamps.put(m.map(), stamp);
                snapshot.put(m.map(), current(m));
                continue;
            }
            Map<String, Object> snap = new HashMap<>();
            for (Object[] row : rows) snap.put(MapCodec.keyHex(m, row), row[row.length - 1]);
            snapshot.put(m.map(), snap);
            if (m.kind().equals("scalar")) {
                Object v = rows.isEmpty() ? (m.value().type().equals("long") ? (Object) 0L : "") : rows.get(0)[0];
                if (v instanceof Long l) engine.setLong(m.global(), l);
                else engine.setString(m.global(), (String) v);
            } else {
                // the engine keeps its elements' order (a sort in user space reorders it, as kmod's); an element
                // the kernel deleted and created again since the last pull goes last, new ones after in creation order
                Map<String, Long> before = stamps.getOrDefault(m.map(), Map.of());
                List<Object[]> kept = new ArrayList<>();
                for (Object[] row : rows) {
                    Long was = before.get(MapCodec.keyHex(m, row));
                    if (was == null || was.equals(stamp.get(MapCodec.keyHex(m, row)))) kept.add(row);
                }
                if (kept.size() != rows.size()) engine.replaceEntries(m.global(), kept);
                engine.replaceEntries(m.global(), rows);
                stamps.put(m.map(), stamp);
            }
        }
    }

    /** Each map's elements' stamps (statistics arrays: their place in the merge order) at the last pull or push. */
    private final Map<String, Map<String, Long>> stamps = new HashMap<>();

    /** Sorts rows into kmod's element order (stable: equal places keep the map's order) and returns key hex to place. */
    private static Map<String, Long> inOrder(BpfManifest.MapSpec m, List<Object[]> rows, long[] order) {
        Map<String, Long> out = new HashMap<>();
        if (!m.kind().equals("array") && !m.kind().equals("statarray")) return out;
        Integer[] ix = new Integer[rows.size()];
        for (int i = 0; i < ix.length; i++) ix[i] = i;
        Arrays.sort(ix, (x, y) -> Long.compareUnsigned(order[x], order[y]));
        List<Object[]> sorted = new ArrayList<>(rows.size());
        for (Integer i : ix) {
            sorted.add(rows.get(i));
            out.put(MapCodec.keyHex(m, rows.get(i)), order[i]);
        }
        rows.clear();
        rows.addAll(sorted);
        return out;
    }

    /** The next {@code n} creation stamps of global map m (user space creating elements), as jst_stamp takes them. */
    private long takeStamps(BpfManifest.MapSpec m, int n) throws IOException {
        String idx = String.format("%08x", Integer.reverseBytes(Integer.parseInt(m.map().substring(1))));
        LoaderSession.Reply r = loader.call("get jst_stamps");
        if (r.type() != LoaderSession.FR_OK) throw new IOException(r.text());
        java.nio.ByteBuffer b = r.buffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int ks = b.getInt(0), vs = b.getInt(4), cnt = b.getInt(8);
        long cur = 0;
        for (int i = 0; i < cnt; i++) {
            int at = 12 + i * (ks + vs);
            if (b.getInt(at) == Integer.parseInt(m.map().substring(1))) cur = b.getLong(at + ks);
        }
        call("put jst_stamps " + idx + " " + String.format("%016x", Long.reverseBytes(cur + n)));
        return cur + 1;
    }

    /** Possible CPUs (what per-CPU map values are sized by), as libbpf_num_possible_cpus reads them. */
    private int ncpus;

    static int possibleCpus() {
        try {
            int n = 0;
            for (String r : java.nio.file.Files.readString(java.nio.file.Path.of("/sys/devices/system/cpu/possible")).trim().split(",")) {
                String[] ab = r.split("-");
                n += ab.length == 1 ? 1 : Integer.parseInt(ab[1]) - Integer.parseInt(ab[0]) + 1;
            }
            return Math.max(1, n);
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static int statCpus(BpfManifest.MapSpec m, java.nio.ByteBuffer b) {
        int vs = b.getInt(4);
        return vs / ((m.valueSize() + 7) / 8 * 8);
    }

    /** What the engine holds now, by key hex (statistics: their aggregate layout). */
    private Map<String, Object> current(BpfManifest.MapSpec m) {
        Map<String, Object> now = new HashMap<>();
        if (m.kind().equals("stat")) {
            now.put("00000000", engine.getStat(m.global()));
            return now;
        }
        for (Object[] row : engine.entries(m.global())) now.put(MapCodec.keyHex(m, row), row[row.length - 1]);
        return now;
    }

    void push() throws IOException {
        for (BpfManifest.MapSpec m : maps) {
            Map<String, Object> snap = snapshot.getOrDefault(m.map(), Map.of());
            if (m.kind().startsWith("stat")) {
                // a user-space handler changed a statistic: CPU 0's partial becomes the whole, the others empty
                Map<String, Object> now = current(m);
                for (Map.Entry<String, Object> e : now.entrySet()) {
                    if (!e.getValue().equals(snap.get(e.getKey()))) {
                        @SuppressWarnings("unchecked")
                        List<Long> v = (List<Long>) e.getValue();
                        call("put " + m.map() + " " + e.getKey() + " " + MapCodec.statHex(m, v, ncpus));
                    }
                }
                for (String k : snap.keySet()) {
                    if (!now.containsKey(k)) {
                        if (m.kind().equals("stat")) call("put " + m.map() + " " + k + " " + MapCodec.statHex(m, List.of(), ncpus));
                        else call("del " + m.map() + " " + k);
                    }
                }
                snapshot.put(m.map(), now);
                continue;
            }
            List<Object[]> rows;
            if (m.kind().equals("scalar")) {
                Object v = m.value().type().equals("long") ? (Object) engine.getLong(m.global()) : engine.getString(m.global());
                rows = new ArrayList<>();
                rows.add(new Object[] {v});
            } else {
                rows = engine.entries(m.global());
            }
            Map<String, Object> now = new HashMap<>();
            boolean array = m.kind().equals("array");
            Map<String, Long> stamp = array ? stamps.computeIfAbsent(m.map(), x -> new HashMap<>()) : Map.of();
            int fresh = 0;
            if (array) for (Object[] row : rows) if (!snap.containsKey(MapCodec.keyHex(m, row))) fresh++;
            long next = fresh > 0 ? takeStamps(m, fresh) : 0;
            for (Object[] row : rows) {
                String k = MapCodec.keyHex(m, row);
                Object v = row[row.length - 1];
                now.put(k, v);
                if (!v.equals(snap.get(k)) || (array && !snap.containsKey(k))) {
                    // an element created here takes the next stamps, in the engine's order; a changed one keeps its own
                    if (array && !snap.containsKey(k)) stamp.put(k, next++);
                    call("put " + m.map() + " " + k + " " + MapCodec.valueHex(m, v, array ? stamp.getOrDefault(k, 0L) : 0));
                }
            }
            if (array) stamp.keySet().retainAll(now.keySet());
            for (String k : snap.keySet()) if (!now.containsKey(k)) call("del " + m.map() + " " + k);
            snapshot.put(m.map(), now);
        }
    }

    private void call(String c) throws IOException {
        LoaderSession.Reply r = loader.call(c);
        if (r.type() != LoaderSession.FR_OK) throw new IOException(r.text());
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    static boolean same(Object[] a, Object[] b) {
        return Arrays.equals(a, b);
    }
}
