package org.jstap.backend.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A global's map entries to and from interp's rows (key columns, then the value), by the manifest's layout. */
final class MapCodec {
    private MapCodec() {}

    /** Decodes a loader "get" reply: u32 key size, u32 value size, u32 n, then n (key, value) pairs. */
    static List<Object[]> rows(BpfManifest.MapSpec m, ByteBuffer b) {
        int ks = b.getInt(), vs = b.getInt(), n = b.getInt();
        List<Object[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int base = b.position();
            Object[] r = new Object[m.key().size() + 1];
            for (int c = 0; c < m.key().size(); c++) r[c] = col(b, base, m.key().get(c));
            r[m.key().size()] = col(b, base + ks, m.value());
            out.add(r);
            b.position(base + ks + vs);
        }
        return out;
    }

    private static Object col(ByteBuffer b, int base, BpfManifest.Col c) {
        if (c.type().equals("long")) return b.getLong(base + c.offset());
        int e = 0;
        while (e < c.size() && b.get(base + c.offset() + e) != 0) e++;
        byte[] s = new byte[e];
        for (int i = 0; i < e; i++) s[i] = b.get(base + c.offset() + i);
        return new String(s, StandardCharsets.ISO_8859_1);
    }

    static String keyHex(BpfManifest.MapSpec m, Object[] row) {
        if (m.kind().equals("scalar")) return "00000000";
        ByteBuffer b = ByteBuffer.allocate(m.keySize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < m.key().size(); c++) put(b, m.key().get(c), row[c]);
        return HexFormat.of().formatHex(b.array());
    }

    static String valueHex(BpfManifest.MapSpec m, Object v) {
        ByteBuffer b = ByteBuffer.allocate(m.valueSize()).order(ByteOrder.LITTLE_ENDIAN);
        put(b, m.value(), v);
        return HexFormat.of().formatHex(b.array());
    }

    private static void put(ByteBuffer b, BpfManifest.Col c, Object v) {
        if (c.type().equals("long")) {
            b.putLong(c.offset(), (Long) v);
            return;
        }
        byte[] s = ((String) v).getBytes(StandardCharsets.ISO_8859_1);
        int n = Math.min(s.length, c.size() - 1);
        for (int i = 0; i < n; i++) b.put(c.offset() + i, s[i]);
    }
}
