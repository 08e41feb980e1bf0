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
            for (int c = 0; c < m.key().size(); c++) r[c] = col(b, base, m.key().get(c), 0);
            r[m.key().size()] = col(b, base + ks, m.value(), m.valueSize());
            out.add(r);
            b.position(base + ks + vs);
        }
        return out;
    }

    private static Object col(ByteBuffer b, int base, BpfManifest.Col c, int valueSize) {
        if (c.type().equals("long")) return b.getLong(base + c.offset());
        if (c.type().equals("stat")) {
            // the per-CPU partials of a statistic: the reply holds every CPU's value (the fields, then the stamp),
            // each rounded up to 8 bytes
            int per = (valueSize + 7) / 8 * 8;
            int n = (b.getInt(4)) / per;
            List<long[]> parts = new ArrayList<>();
            for (int cpu = 0; cpu < n; cpu++) {
                long[] p = new long[c.size() / 8];
                for (int i = 0; i < p.length; i++) p[i] = b.getLong(base + cpu * per + 8 * i);
                parts.add(p);
            }
            return parts;
        }
        int e = 0;
        while (e < c.size() && b.get(base + c.offset() + e) != 0) e++;
        byte[] s = new byte[e];
        for (int i = 0; i < e; i++) s[i] = b.get(base + c.offset() + i);
        return new String(s, StandardCharsets.ISO_8859_1);
    }

    /**
     * Each row's place in kmod's element order, from the same reply: an array element's creation stamp (the last 8
     * bytes of its value); a statistics array element's first CPU with a partial and that partial's stamp (kmod
     * merges CPU 0's elements in their order, then CPU 1's others, ...); 0 for a global without keys.
     */
    static long[] order(BpfManifest.MapSpec m, ByteBuffer b) {
        int ks = b.getInt(0), vs = b.getInt(4), n = b.getInt(8);
        long[] out = new long[n];
        if (!m.kind().equals("array") && !m.kind().equals("statarray")) return out;
        for (int i = 0; i < n; i++) {
            int val = 12 + i * (ks + vs) + ks;
            if (m.kind().equals("array")) {
                out[i] = b.getLong(val + m.valueSize() - 8);
                continue;
            }
            int per = (m.valueSize() + 7) / 8 * 8;
            out[i] = Long.MAX_VALUE;
            for (int cpu = 0; cpu < vs / per; cpu++) {
                if (b.getLong(val + cpu * per) == 0) continue; // no <<< on this CPU
                out[i] = ((long) cpu << 48) | (b.getLong(val + cpu * per + m.value().size()) & 0xffffffffffffL);
                break;
            }
        }
        return out;
    }

    /** An array element's stamp in a value of {@link #valueHex}'s layout. */
    static String valueHex(BpfManifest.MapSpec m, Object v, long stamp) {
        ByteBuffer b = ByteBuffer.allocate(m.valueSize()).order(ByteOrder.LITTLE_ENDIAN);
        put(b, m.value(), v);
        if (m.kind().equals("array")) b.putLong(m.valueSize() - 8, stamp);
        return HexFormat.of().formatHex(b.array());
    }

    @SuppressWarnings("unchecked")
    static List<long[]> partials(Object v) {
        return (List<long[]>) v;
    }

    /** A statistic's value for every CPU: the aggregate on CPU 0, empty partials elsewhere. */
    static String statHex(BpfManifest.MapSpec m, List<Long> aggregate, int ncpus) {
        int per = (m.valueSize() + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(per * ncpus).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < aggregate.size() && 8 * i < per; i++) b.putLong(8 * i, aggregate.get(i));
        return HexFormat.of().formatHex(b.array());
    }

    static String keyHex(BpfManifest.MapSpec m, Object[] row) {
        if (m.kind().equals("scalar") || m.kind().equals("stat")) return "00000000";
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
