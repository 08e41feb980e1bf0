package org.jstap.debuginfo.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a smaller, valid BTF holding chosen functions, types and tracepoints plus every type they reach, with type
 * ids renumbered densely (original order kept) and a fresh string section. Used to make compact test fixtures and to
 * prove the reader's view of the format by round trip.
 *
 * <p>{@link #pointerDepth(int)} bounds how many pointer hops away a struct/union keeps its body: beyond it a named
 * struct or union is written as a forward declaration, which cuts the closure of e.g. {@code task_struct} from most
 * of the kernel down to what a test needs. The default keeps everything reachable.
 */
public final class BtfSubsetWriter {
    private final Btf src;
    private final ArrayDeque<int[]> work = new ArrayDeque<>();     // {id, budget}
    private final int[] budget;                                    // best budget seen; NONE = not kept
    private static final int NONE = Integer.MIN_VALUE;
    private int pointerDepth = Integer.MAX_VALUE / 2;

    public BtfSubsetWriter(Btf source) {
        if (source.base() != null) throw new IllegalArgumentException("split BTF cannot be subset on its own");
        this.src = source;
        this.budget = new int[source.nextId()];
        java.util.Arrays.fill(budget, NONE);
    }

    /** Struct/union bodies are kept up to this many pointer hops from a root; beyond, forward declarations. */
    public BtfSubsetWriter pointerDepth(int depth) {
        if (!work.isEmpty()) throw new IllegalStateException("set the pointer depth before choosing roots");
        this.pointerDepth = depth;
        return this;
    }

    /** Keeps every FUNC of that name and its prototype; returns false if there is none. */
    public boolean keepFunction(String name) {
        boolean found = false;
        for (int id = 1; id < src.nextId(); id++) {
            if (src.kind(id) == Btf.KIND_FUNC && src.nameEquals(id, name)) {
                root(id);
                found = true;
            }
        }
        return found;
    }

    public BtfSubsetWriter keepType(int id) {
        root(id);
        return this;
    }

    /** Keeps every {@code btf_trace_*} typedef and {@code __bpf_trace_*} function (tracepoint argument names). */
    public BtfSubsetWriter keepTracepoints() {
        for (int id = 1; id < src.nextId(); id++) {
            int k = src.kind(id);
            if (k == Btf.KIND_TYPEDEF && src.name(id).startsWith("btf_trace_")) root(id);
            else if (k == Btf.KIND_FUNC && src.name(id).startsWith("__bpf_trace_")) root(id);
        }
        return this;
    }

    private void root(int id) {
        visit(id, pointerDepth);
        drain();
    }

    private void visit(int id, int b) {
        if (id == 0) return;
        if (budget[id] != NONE && budget[id] >= b) return;
        budget[id] = b;
        work.add(new int[] {id, b});
    }

    private void drain() {
        while (!work.isEmpty()) {
            int[] w = work.poll();
            int id = w[0], b = w[1];
            if (budget[id] != b) continue;                      // superseded by a better visit
            int kind = src.kind(id);
            int vlen = src.vlen(id);
            switch (kind) {
                case Btf.KIND_PTR -> visit(src.sizeOrType(id), b - 1);
                case Btf.KIND_TYPEDEF, Btf.KIND_VOLATILE, Btf.KIND_CONST, Btf.KIND_RESTRICT, Btf.KIND_TYPE_TAG,
                        Btf.KIND_FUNC, Btf.KIND_VAR, Btf.KIND_DECL_TAG -> visit(src.sizeOrType(id), b);
                case Btf.KIND_ARRAY -> {
                    visit(src.word(id, 0), b);
                    visit(src.word(id, 1), b);
                }
                case Btf.KIND_STRUCT, Btf.KIND_UNION -> {
                    if (!asForward(id)) for (int m = 0; m < vlen; m++) visit(src.word(id, 3 * m + 1), b);
                }
                case Btf.KIND_FUNC_PROTO -> {
                    visit(src.sizeOrType(id), b);
                    for (int p = 0; p < vlen; p++) visit(src.word(id, 2 * p + 1), b);
                }
                case Btf.KIND_DATASEC -> {
                    for (int m = 0; m < vlen; m++) visit(src.word(id, 3 * m), b);
                }
                default -> { }
            }
        }
    }

    /** A named struct/union reached only beyond the pointer depth is written as a forward declaration. */
    private boolean asForward(int id) {
        int k = src.kind(id);
        return (k == Btf.KIND_STRUCT || k == Btf.KIND_UNION) && budget[id] < 0 && src.nameOff(id) != 0;
    }

    /** Number of types chosen so far. */
    public int size() {
        int n = 0;
        for (int i = 1; i < budget.length; i++) if (budget[i] != NONE) n++;
        return n;
    }

    public byte[] write() {
        int[] remap = new int[src.nextId()];
        int next = 1;
        for (int id = 1; id < src.nextId(); id++) if (budget[id] != NONE) remap[id] = next++;
        Strings strings = new Strings();
        ByteBuffer types = ByteBuffer.allocate(1 << 16).order(src.order());
        for (int id = 1; id < src.nextId(); id++) {
            if (budget[id] == NONE) continue;
            int kind = src.kind(id);
            int info = src.info(id);
            int vlen = info & 0xffff;
            int name = strings.add(src.name(id));
            if (asForward(id)) {
                types = ensure(types, 12);
                types.putInt(name).putInt(Btf.KIND_FWD << 24 | (kind == Btf.KIND_UNION ? 1 << 31 : 0)).putInt(0);
                continue;
            }
            types = ensure(types, 12 + 12 * vlen + 12);
            int third = src.sizeOrType(id);
            boolean typeRef = switch (kind) {
                case Btf.KIND_PTR, Btf.KIND_TYPEDEF, Btf.KIND_VOLATILE, Btf.KIND_CONST, Btf.KIND_RESTRICT, Btf.KIND_FUNC,
                        Btf.KIND_FUNC_PROTO, Btf.KIND_VAR, Btf.KIND_DECL_TAG, Btf.KIND_TYPE_TAG -> true;
                default -> false;
            };
            types.putInt(name).putInt(info).putInt(typeRef ? remap[third] : third);
            switch (kind) {
                case Btf.KIND_INT, Btf.KIND_VAR, Btf.KIND_DECL_TAG -> types.putInt(src.word(id, 0));
                case Btf.KIND_ARRAY -> types.putInt(remap[src.word(id, 0)]).putInt(remap[src.word(id, 1)]).putInt(src.word(id, 2));
                case Btf.KIND_STRUCT, Btf.KIND_UNION -> {
                    for (int m = 0; m < vlen; m++) {
                        types.putInt(strings.add(src.string(src.word(id, 3 * m))))
                                .putInt(remap[src.word(id, 3 * m + 1)]).putInt(src.word(id, 3 * m + 2));
                    }
                }
                case Btf.KIND_ENUM -> {
                    for (int m = 0; m < vlen; m++) types.putInt(strings.add(src.string(src.word(id, 2 * m)))).putInt(src.word(id, 2 * m + 1));
                }
                case Btf.KIND_ENUM64 -> {
                    for (int m = 0; m < vlen; m++) {
                        types.putInt(strings.add(src.string(src.word(id, 3 * m)))).putInt(src.word(id, 3 * m + 1)).putInt(src.word(id, 3 * m + 2));
                    }
                }
                case Btf.KIND_FUNC_PROTO -> {
                    for (int p = 0; p < vlen; p++) types.putInt(strings.add(src.string(src.word(id, 2 * p)))).putInt(remap[src.word(id, 2 * p + 1)]);
                }
                case Btf.KIND_DATASEC -> {
                    for (int m = 0; m < vlen; m++) types.putInt(remap[src.word(id, 3 * m)]).putInt(src.word(id, 3 * m + 1)).putInt(src.word(id, 3 * m + 2));
                }
                default -> { }
            }
        }
        byte[] str = strings.bytes();
        int typeLen = types.position();
        ByteBuffer out = ByteBuffer.allocate(24 + typeLen + str.length).order(src.order());
        out.putShort((short) Btf.MAGIC).put((byte) 1).put((byte) 0).putInt(24)
                .putInt(0).putInt(typeLen).putInt(typeLen).putInt(str.length);
        out.put(types.array(), 0, typeLen).put(str);
        return out.array();
    }

    private static ByteBuffer ensure(ByteBuffer b, int more) {
        if (b.remaining() >= more) return b;
        ByteBuffer n = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + more)).order(b.order());
        n.put(b.array(), 0, b.position());
        return n;
    }

    /** A deduplicated string section starting with the empty string at offset 0. */
    private static final class Strings {
        private final Map<String, Integer> offsets = new HashMap<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Strings() {
            add0("");
        }

        int add(String s) {
            Integer o = offsets.get(s);
            return o != null ? o : add0(s);
        }

        private int add0(String s) {
            int off = out.size();
            offsets.put(s, off);
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
            out.write(0);
            return off;
        }

        byte[] bytes() {
            return Arrays.copyOf(out.toByteArray(), out.size());
        }
    }
}
