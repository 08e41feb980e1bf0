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
            if (m.kind().startsWith("stat")) {
                ncpus = Math.max(1, statCpus(m, r.buffer()));
                if (m.kind().equals("stat")) engine.setStat(m.global(), rows.isEmpty() ? List.of() : MapCodec.partials(rows.get(0)[0]));
                else {
                    for (Object[] row : rows) row[row.length - 1] = MapCodec.partials(row[row.length - 1]);
                    engine.replaceEntries(m.global(), rows);
                }
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
                engine.replaceEntries(m.global(), rows);
            }
        }
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
            for (Object[] row : rows) {
                String k = MapCodec.keyHex(m, row);
                Object v = row[row.length - 1];
                now.put(k, v);
                if (!v.equals(snap.get(k))) call("put " + m.map() + " " + k + " " + MapCodec.valueHex(m, v));
            }
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
