package org.jstap.debuginfo.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Hand-assembles small BTF blobs (any kind, any byte order) for format tests. */
public final class BtfBuilder {
    private final ByteOrder order;
    private ByteBuffer types = ByteBuffer.allocate(1 << 16);
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> strOff = new HashMap<>();
    private int next = 1;

    public BtfBuilder(ByteOrder order) {
        this.order = order;
        types.order(order);
        str("");
    }

    public int str(String s) {
        return strOff.computeIfAbsent(s, k -> {
            int off = strings.size();
            strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            return off;
        });
    }

    /** Starts a record; returns its id. */
    public int type(String name, int kind, int vlen, boolean kflag, int sizeOrType, int... extra) {
        types.putInt(str(name)).putInt(kind << 24 | vlen | (kflag ? 1 << 31 : 0)).putInt(sizeOrType);
        for (int w : extra) types.putInt(w);
        return next++;
    }

    /** Member/param/value words that reference strings: pass names through {@link #str}. */
    public byte[] build() {
        byte[] s = strings.toByteArray();
        int tl = types.position();
        ByteBuffer out = ByteBuffer.allocate(24 + tl + s.length).order(order);
        out.putShort((short) Btf.MAGIC).put((byte) 1).put((byte) 0).putInt(24).putInt(0).putInt(tl).putInt(tl).putInt(s.length);
        out.put(types.array(), 0, tl).put(s);
        return out.array();
    }
}
