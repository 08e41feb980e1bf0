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

    MapSync(LoaderSession loader, UserSpaceEngine engine, List<BpfManifest.MapSpec> maps) {
        this.loader = loader;
        this.engine = engine;
        this.maps = maps;
    }

    void pull() throws IOException {
        for (BpfManifest.MapSpec m : maps) {
            LoaderSession.Reply r = loader.call("get " + m.map());
            if (r.type() != LoaderSession.FR_OK) throw new IOException(r.text());
            List<Object[]> rows = MapCodec.rows(m, r.buffer());
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

    void push() throws IOException {
        for (BpfManifest.MapSpec m : maps) {
            Map<String, Object> snap = snapshot.getOrDefault(m.map(), Map.of());
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
