package org.jstap.debuginfo.btf;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jstap.api.debuginfo.CType;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.debuginfo.FunctionSig;
import org.jstap.irtools.Glob;

/**
 * {@link DebugInfo} over BTF. Types are decoded on first use and cached; the name indexes (types, functions,
 * tracepoints) are built once, on first use. For split (module) BTF, ids below {@link Btf#firstId()} are the
 * kernel's; type lookups fall back to the kernel while function and tracepoint lists are the module's own.
 *
 * <p>Kinds without a C type of their own map as follows: FUNC → its {@link CType.FuncProto} (with parameter
 * names), VAR → {@code Qualified("var", type)}, DECL_TAG → {@code Qualified("decl_tag", type)}, TYPE_TAG →
 * {@code Qualified("type_tag", type)} (transparent in {@link #typeName}), DATASEC → a struct of its variables.
 */
public final class BtfDebugInfo implements DebugInfo {
    private static final CType VOID = new CType.Void();

    private final Btf btf;
    private final BtfDebugInfo base;
    private final String owner;
    private final CType[] cache;
    private volatile String hash;
    private volatile TypeIndex typeIndex;
    private volatile FuncIndex funcIndex;
    private final int pointerSize;

    private BtfDebugInfo(Btf btf, BtfDebugInfo base, String owner) {
        this.btf = btf;
        this.base = base;
        this.owner = owner;
        this.cache = new CType[btf.localCount()];
        this.pointerSize = 8;
    }

    /** Kernel (standalone) BTF. */
    public static BtfDebugInfo load(byte[] data, String owner) throws IOException {
        return new BtfDebugInfo(Btf.parse(data), null, owner);
    }

    /** Kernel BTF whose {@link #hash()} (SHA-256 of {@code data}, hex) is already known, e.g. from a cache. */
    public static BtfDebugInfo load(byte[] data, String owner, String knownHash) throws IOException {
        BtfDebugInfo di = new BtfDebugInfo(Btf.parse(data), null, owner);
        di.hash = knownHash;
        return di;
    }

    /** SHA-256 (hex) of standalone BTF bytes, as {@link #hash()} reports it. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Module (split) BTF over the kernel's. */
    public static BtfDebugInfo loadSplit(byte[] data, BtfDebugInfo kernel, String owner) throws IOException {
        return new BtfDebugInfo(Btf.parse(data, kernel.btf), kernel, owner);
    }

    public Btf btf() {
        return btf;
    }

    /** The kernel's debug info this one is split against, or null. */
    public BtfDebugInfo base() {
        return base;
    }

    @Override
    public String format() {
        return "btf";
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public String hash() {
        String h = hash;
        if (h == null) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                if (base != null) md.update(base.hash().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                md.update(btf.rawBytes());
                hash = h = HexFormat.of().formatHex(md.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return h;
    }

    // ---------------------------------------------------------------- types

    @Override
    public CType type(int id) {
        if (id == 0) return VOID;
        if (!btf.isLocal(id)) {
            if (base != null && id > 0 && id < btf.firstId()) return base.type(id);
            throw new IllegalArgumentException("no BTF type " + id + " in " + owner);
        }
        int i = id - btf.firstId();
        CType t = cache[i];
        if (t == null) cache[i] = t = decode(id);   // benign race: records are immutable and safely published
        return t;
    }

    private CType decode(int id) {
        Btf b = btf;
        int kind = b.kind(id);
        int vlen = b.vlen(id);
        boolean kflag = b.kindFlag(id);
        int st = b.sizeOrType(id);
        switch (kind) {
            case Btf.KIND_INT: {
                int enc = b.word(id, 0);
                int bits = (enc >>> 24) & 0x0f;
                String name = b.name(id);
                boolean isBool = (bits & Btf.INT_BOOL) != 0 || name.equals("_Bool");
                boolean isChar = (bits & Btf.INT_CHAR) != 0 || (st == 1 && name.contains("char"));
                return new CType.Int(name, st, (bits & Btf.INT_SIGNED) != 0, isChar, isBool);
            }
            case Btf.KIND_FLOAT:
                return new CType.Float(b.name(id), st);
            case Btf.KIND_PTR:
                return new CType.Pointer(st);
            case Btf.KIND_ARRAY:
                return new CType.Array(b.word(id, 0), Integer.toUnsignedLong(b.word(id, 2)));
            case Btf.KIND_STRUCT:
            case Btf.KIND_UNION: {
                List<CType.Member> members = new ArrayList<>(vlen);
                for (int m = 0; m < vlen; m++) {
                    String mname = b.string(b.word(id, 3 * m));
                    int mtype = b.word(id, 3 * m + 1);
                    int off = b.word(id, 3 * m + 2);
                    long bitOff = kflag ? off & 0xffffff : Integer.toUnsignedLong(off);
                    int bitSize = kflag ? off >>> 24 : 0;
                    if (!kflag) {                      // old encoding: bitfield size lives in the INT type
                        int r = resolve(mtype);
                        if (r != 0 && kindOf(r) == Btf.KIND_INT) {
                            int enc = intEncoding(r);
                            int nbits = enc & 0xff;
                            if (nbits != 0 && nbits != 8 * sizeOf(r)) {
                                bitSize = nbits;
                                bitOff += (enc >>> 16) & 0xff;
                            }
                        }
                    }
                    members.add(new CType.Member(mname, mtype, bitOff, bitSize));
                }
                return new CType.Struct(b.name(id), kind == Btf.KIND_UNION, Integer.toUnsignedLong(st), members);
            }
            case Btf.KIND_ENUM:
            case Btf.KIND_ENUM64: {
                Map<String, Long> values = new LinkedHashMap<>();
                for (int m = 0; m < vlen; m++) {
                    if (kind == Btf.KIND_ENUM) {
                        int v = b.word(id, 2 * m + 1);
                        values.put(b.string(b.word(id, 2 * m)), kflag ? (long) v : Integer.toUnsignedLong(v));
                    } else {
                        long lo = Integer.toUnsignedLong(b.word(id, 3 * m + 1));
                        long hi = Integer.toUnsignedLong(b.word(id, 3 * m + 2));
                        values.put(b.string(b.word(id, 3 * m)), hi << 32 | lo);
                    }
                }
                return new CType.Enum(b.name(id), st, kflag, values);
            }
            case Btf.KIND_FWD:
                return new CType.Forward(b.name(id), kflag);
            case Btf.KIND_TYPEDEF:
                return new CType.Typedef(b.name(id), st);
            case Btf.KIND_VOLATILE:
                return new CType.Qualified("volatile", st);
            case Btf.KIND_CONST:
                return new CType.Qualified("const", st);
            case Btf.KIND_RESTRICT:
                return new CType.Qualified("restrict", st);
            case Btf.KIND_TYPE_TAG:
                return new CType.Qualified("type_tag", st);
            case Btf.KIND_DECL_TAG:
                return new CType.Qualified("decl_tag", st);
            case Btf.KIND_VAR:
                return new CType.Qualified("var", st);
            case Btf.KIND_FUNC:
                return protoOf(st);
            case Btf.KIND_FUNC_PROTO:
                return protoOf(id);
            case Btf.KIND_DATASEC: {
                List<CType.Member> members = new ArrayList<>(vlen);
                for (int m = 0; m < vlen; m++) {
                    int var = b.word(id, 3 * m);
                    members.add(new CType.Member(name(var), var, 8L * Integer.toUnsignedLong(b.word(id, 3 * m + 1)), 0));
                }
                return new CType.Struct(b.name(id), false, Integer.toUnsignedLong(st), members);
            }
            default:
                throw new IllegalStateException("unknown BTF kind " + kind);
        }
    }

    private CType.FuncProto protoOf(int protoId) {
        if (protoId == 0 || kindOf(protoId) != Btf.KIND_FUNC_PROTO) return new CType.FuncProto(0, List.of(), false);
        Btf o = btf;   // accessors delegate to the base for its ids
        int vlen = o.vlen(protoId);
        List<CType.Param> params = new ArrayList<>(vlen);
        boolean variadic = false;
        for (int p = 0; p < vlen; p++) {
            int nameOff = o.word(protoId, 2 * p);
            int type = o.word(protoId, 2 * p + 1);
            if (p == vlen - 1 && nameOff == 0 && type == 0) {
                variadic = true;
                break;
            }
            params.add(new CType.Param(o.string(nameOff), type));
        }
        return new CType.FuncProto(o.sizeOrType(protoId), params, variadic);
    }

    /** The BTF kind of a type id (0 for void). */
    public int kindOf(int id) {
        return id == 0 ? 0 : btf.kind(id);
    }

    private int intEncoding(int id) {
        return btf.word(id, 0);
    }

    /** A type's own name (struct tag, typedef, base type, function, ...), empty if anonymous. */
    public String name(int id) {
        return btf.name(id);
    }

    @Override
    public int resolve(int id) {
        for (int guard = 0; guard < 64 && id != 0; guard++) {
            int k = btf.kind(id);
            if (k == Btf.KIND_TYPEDEF || k == Btf.KIND_CONST || k == Btf.KIND_VOLATILE || k == Btf.KIND_RESTRICT
                    || k == Btf.KIND_TYPE_TAG || k == Btf.KIND_VAR || k == Btf.KIND_DECL_TAG) {
                id = btf.sizeOrType(id);
            } else {
                return id;
            }
        }
        return id;
    }

    @Override
    public long sizeOf(int id) {
        int r = resolve(id);
        if (r == 0) return 0;
        return switch (btf.kind(r)) {
            case Btf.KIND_INT, Btf.KIND_ENUM, Btf.KIND_ENUM64, Btf.KIND_STRUCT, Btf.KIND_UNION, Btf.KIND_FLOAT,
                    Btf.KIND_DATASEC -> Integer.toUnsignedLong(btf.sizeOrType(r));
            case Btf.KIND_PTR -> pointerSize;
            case Btf.KIND_ARRAY -> Integer.toUnsignedLong(btf.word(r, 2)) * sizeOf(btf.word(r, 0));
            default -> 0;
        };
    }

    @Override
    public String typeName(int id) {
        return BtfTypeNames.of(this, id);
    }

    /**
     * Finds a member by name in a struct or union (following typedefs), looking through anonymous struct/union
     * members as C does; the returned member's {@code bitOffset} is relative to the outer struct.
     */
    public Optional<CType.Member> member(int structId, String name) {
        CType t = type(resolve(structId));
        if (!(t instanceof CType.Struct s)) return Optional.empty();
        for (CType.Member m : s.members()) {
            if (m.name().equals(name)) return Optional.of(m);
        }
        for (CType.Member m : s.members()) {
            if (m.name().isEmpty()) {
                Optional<CType.Member> inner = member(m.type(), name);
                if (inner.isPresent()) {
                    CType.Member im = inner.get();
                    return Optional.of(new CType.Member(im.name(), im.type(), m.bitOffset() + im.bitOffset(), im.bitSize()));
                }
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- name indexes

    private static final class TypeIndex {
        final Map<String, Integer> byName;

        TypeIndex(Map<String, Integer> byName) {
            this.byName = byName;
        }
    }

    private TypeIndex typeIndex() {
        TypeIndex ti = typeIndex;
        if (ti == null) {
            synchronized (this) {
                ti = typeIndex;
                if (ti == null) typeIndex = ti = buildTypeIndex();
            }
        }
        return ti;
    }

    private TypeIndex buildTypeIndex() {
        Map<String, Integer> map = new HashMap<>(btf.localCount());
        for (int id = btf.firstId(); id < btf.nextId(); id++) {
            int info = btf.info(id);
            int kind = (info >>> 24) & 0x1f;
            String prefix;
            switch (kind) {
                case Btf.KIND_STRUCT -> prefix = "struct ";
                case Btf.KIND_UNION -> prefix = "union ";
                case Btf.KIND_ENUM, Btf.KIND_ENUM64 -> prefix = "enum ";
                case Btf.KIND_FWD -> prefix = info < 0 ? "union " : "struct ";
                case Btf.KIND_TYPEDEF, Btf.KIND_INT, Btf.KIND_FLOAT -> prefix = "";
                default -> { continue; }
            }
            int nameOff = btf.nameOff(id);
            if (nameOff == 0) continue;
            String key = prefix.isEmpty() ? btf.string(nameOff) : prefix + btf.string(nameOff);
            Integer old = map.putIfAbsent(key, id);
            // a full definition wins over a forward declaration of the same tag
            if (old != null && kind != Btf.KIND_FWD && btf.kind(old) == Btf.KIND_FWD) map.put(key, id);
        }
        return new TypeIndex(map);
    }

    @Override
    public OptionalInt findType(String cName) {
        String key = cName.trim().replaceAll("\\s+", " ");
        if (key.equals("void")) return OptionalInt.of(0);
        Integer id = typeIndex().byName.get(key);
        if (id != null && !(base != null && btf.kind(id) == Btf.KIND_FWD)) return OptionalInt.of(id);
        if (base != null) {
            OptionalInt b = base.findType(key);
            if (b.isPresent()) return b;
        }
        return id != null ? OptionalInt.of(id) : OptionalInt.empty();
    }

    private static final class FuncIndex {
        final List<String> names;                 // sorted, unique
        final Map<String, Integer> funcs;
        final List<String> tracepoints;           // sorted, unique
        final Map<String, Integer> traceTypedefs;

        FuncIndex(List<String> names, Map<String, Integer> funcs, List<String> tracepoints, Map<String, Integer> tt) {
            this.names = names;
            this.funcs = funcs;
            this.tracepoints = tracepoints;
            this.traceTypedefs = tt;
        }
    }

    private FuncIndex funcIndex() {
        FuncIndex fi = funcIndex;
        if (fi == null) {
            synchronized (this) {
                fi = funcIndex;
                if (fi == null) funcIndex = fi = buildFuncIndex();
            }
        }
        return fi;
    }

    private static final String TRACE_PREFIX = "btf_trace_";
    /** FUNC linkage (its vlen): 0 static, 1 global, 2 extern. */
    private static final int FUNC_EXTERN = 2;

    private FuncIndex buildFuncIndex() {
        Map<String, Integer> funcs = new HashMap<>(1 << 16);
        Map<String, Integer> trace = new HashMap<>(1 << 11);
        for (int id = btf.firstId(); id < btf.nextId(); id++) {
            int kind = btf.kind(id);
            if (kind == Btf.KIND_FUNC) {
                if (btf.vlen(id) == FUNC_EXTERN) continue;         // declared here, defined elsewhere
                funcs.putIfAbsent(btf.name(id), id);
            } else if (kind == Btf.KIND_TYPEDEF && btf.nameStartsWith(id, TRACE_PREFIX)) {
                trace.putIfAbsent(btf.name(id).substring(TRACE_PREFIX.length()), id);
            }
        }
        String[] names = funcs.keySet().toArray(new String[0]);
        Arrays.sort(names);
        String[] tps = trace.keySet().toArray(new String[0]);
        Arrays.sort(tps);
        return new FuncIndex(List.of(names), funcs, List.of(tps), trace);
    }

    @Override
    public List<String> functionNames() {
        return funcIndex().names;
    }

    /** The FUNC type id of a function, if known. */
    public OptionalInt functionId(String name) {
        Integer id = funcIndex().funcs.get(name);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /**
     * Every FUNC id with that name: static functions in different files may share a name (42,049 FUNC records
     * carry 41,605 distinct names in Debian's 6.1 cloud kernel). {@link #function} reports the first.
     */
    public List<Integer> functionIds(String name) {
        if (!funcIndex().funcs.containsKey(name)) return List.of();
        List<Integer> ids = new ArrayList<>(2);
        for (int id = btf.firstId(); id < btf.nextId(); id++) {
            if (btf.kind(id) == Btf.KIND_FUNC && btf.vlen(id) != FUNC_EXTERN && btf.nameEquals(id, name)) ids.add(id);
        }
        return ids;
    }

    /** The signature of a particular FUNC id (see {@link #functionIds}). */
    public FunctionSig functionSig(int funcId) {
        if (kindOf(funcId) != Btf.KIND_FUNC) throw new IllegalArgumentException("type " + funcId + " is not a FUNC");
        CType.FuncProto p = protoOf(btf.sizeOrType(funcId));
        String name = btf.name(funcId);
        return new FunctionSig(name, p.returnType(), wrapperParams(name, p.params()));
    }

    /**
     * An x86 syscall wrapper ({@code __x64_sys_NAME} and kin) takes {@code const struct pt_regs *regs}; BTF
     * deduplication can hand it the prototype of the not-built-in stubs, whose one parameter is {@code __unused}
     * (so it is in some kernel builds and not in others). The register block is still its argument: call it regs.
     */
    static List<CType.Param> wrapperParams(String name, List<CType.Param> params) {
        if (params.size() != 1 || !params.get(0).name().equals("__unused")) return params;
        if (!name.startsWith("__x64_") && !name.startsWith("__ia32_")) return params;
        return List.of(new CType.Param("regs", params.get(0).type()));
    }

    @Override
    public Optional<FunctionSig> function(String name) {
        Integer id = funcIndex().funcs.get(name);
        if (id == null) return Optional.empty();
        CType.FuncProto p = protoOf(btf.sizeOrType(id));
        return Optional.of(new FunctionSig(name, p.returnType(), wrapperParams(name, p.params())));
    }

    /** Function names matching a SystemTap wildcard pattern ({@code *}, {@code ?}, {@code [...]}), sorted. */
    public List<String> matchFunctions(String pattern) {
        return Glob.filter(pattern, functionNames());
    }

    @Override
    public List<String> tracepointNames() {
        return funcIndex().tracepoints;
    }

    /**
     * A tracepoint's arguments. The {@code btf_trace_<name>} typedef gives the types but BTF keeps no parameter
     * names for function-pointer typedefs, so names come from the kernel's {@code __bpf_trace_<name>} function
     * (same prototype, named); without it they are {@code arg1..argN}.
     */
    @Override
    public Optional<FunctionSig> tracepoint(String name) {
        Integer td = funcIndex().traceTypedefs.get(name);
        if (td == null) return Optional.empty();
        int ptr = resolveTypedefOnly(btf.sizeOrType(td));
        if (kindOf(ptr) != Btf.KIND_PTR) return Optional.empty();
        int proto = btf.sizeOrType(ptr);
        if (kindOf(proto) != Btf.KIND_FUNC_PROTO) return Optional.empty();
        List<CType.Param> params = new ArrayList<>(protoOf(proto).params());
        List<CType.Param> named = null;
        Integer bpf = funcIndex().funcs.get("__bpf_trace_" + name);
        if (bpf == null && base != null) bpf = base.funcIndex().funcs.get("__bpf_trace_" + name);
        if (bpf != null) {
            List<CType.Param> p = protoOf(btf.sizeOrType(bpf)).params();
            if (p.size() == params.size()) named = p;
        }
        TraceEventDecl decl = null;
        if (named == null && traceEvents != null) {
            decl = traceEvents.apply(name).orElse(null);
            if (decl != null && !decl.eventClass().equals(name)) {
                Integer cls = funcIndex().funcs.get("__bpf_trace_" + decl.eventClass());
                if (cls == null && base != null) cls = base.funcIndex().funcs.get("__bpf_trace_" + decl.eventClass());
                if (cls != null) {
                    List<CType.Param> p = protoOf(btf.sizeOrType(cls)).params();
                    if (p.size() == params.size()) named = p;
                }
            }
        }
        if (named == null) named = namesBySignature(params);
        if (named == null && decl != null && decl.names().size() == params.size() - 1) {
            // the header's own names, with the BTF types (the leading context pointer has no name there)
            named = new ArrayList<>(params.size());
            named.add(params.get(0));
            for (int i = 0; i < decl.names().size(); i++) named.add(new CType.Param(decl.names().get(i), params.get(i + 1).type()));
        }
        if (!params.isEmpty() && isVoidPointer(params.get(0).type())) {
            params.remove(0);
            if (named != null) named = named.subList(1, named.size());
        }
        List<CType.Param> out = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            String n = named != null ? named.get(i).name() : params.get(i).name();
            if (n.isEmpty()) n = "arg" + (i + 1);
            out.add(new CType.Param(n, params.get(i).type()));
        }
        return Optional.of(new FunctionSig(name, 0, out));
    }

    /**
     * Names for a tracepoint defined with DEFINE_EVENT: its {@code __bpf_trace_} function is named after the
     * event class, not the event, so it is found by prototype instead: the class functions whose parameter types
     * (type ids, deduplicated by BTF) equal the tracepoint's. Used only when every such function names the
     * parameters alike; null otherwise (or when none matches).
     */
    private List<CType.Param> namesBySignature(List<CType.Param> params) {
        List<CType.Param> found = null;
        for (List<CType.Param> cand : bpfTraceProtos(params.size())) {
            boolean same = true;
            for (int i = 0; i < params.size() && same; i++) same = cand.get(i).type() == params.get(i).type();
            if (!same) continue;
            if (found == null) found = cand;
            else for (int i = 0; i < params.size(); i++) if (!found.get(i).name().equals(cand.get(i).name())) return null;
        }
        return found;
    }

    private volatile Map<Integer, List<List<CType.Param>>> bpfTraceProtos;
    private volatile java.util.function.Function<String, Optional<TraceEventDecl>> traceEvents;

    /**
     * Where tracepoints' declarations come from when BTF alone cannot name their arguments (the kernel's
     * trace-event headers); without one, such arguments stay {@code arg1..argN}.
     */
    public void traceEventSource(java.util.function.Function<String, Optional<TraceEventDecl>> source) {
        this.traceEvents = source;
    }

    /** The named prototypes of every {@code __bpf_trace_*} function (this BTF's and its base's), by arity. */
    private List<List<CType.Param>> bpfTraceProtos(int arity) {
        Map<Integer, List<List<CType.Param>>> m = bpfTraceProtos;
        if (m == null) {
            m = new HashMap<>();
            collectBpfTraceProtos(this, m);
            if (base != null) collectBpfTraceProtos(base, m);
            bpfTraceProtos = m;
        }
        return m.getOrDefault(arity, List.of());
    }

    private static void collectBpfTraceProtos(BtfDebugInfo di, Map<Integer, List<List<CType.Param>>> m) {
        for (var e : di.funcIndex().funcs.entrySet()) {
            if (!e.getKey().startsWith("__bpf_trace_")) continue;
            List<CType.Param> p = di.protoOf(di.btf.sizeOrType(e.getValue())).params();
            if (p.isEmpty()) continue;
            m.computeIfAbsent(p.size(), k -> new ArrayList<>()).add(p);
        }
    }

    private int resolveTypedefOnly(int id) {
        while (id != 0 && btf.kind(id) == Btf.KIND_TYPEDEF) id = btf.sizeOrType(id);
        return id;
    }

    // ---------------------------------------------------------------- C header (vmlinux.h)

    private final Map<String, String> headers = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile java.nio.file.Path headerCacheDir;

    /** Where {@link #cHeader} keeps written headers across runs (per BTF hash); null: memory only. */
    public void headerCache(java.nio.file.Path dir) {
        this.headerCacheDir = dir;
    }

    @Override
    public Optional<String> cHeader(java.util.Collection<String> roots) {
        java.util.TreeSet<String> sorted = new java.util.TreeSet<>();
        for (String r : roots) sorted.add(r.trim().replaceAll("\\s+", " "));
        String key = sorted.isEmpty() ? "all" : sha256(String.join("\n", sorted).getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
        return Optional.of(headers.computeIfAbsent(key, k -> VmlinuxHeaders.cached(headerCacheDir, hash(), k,
                () -> writeHeader(sorted))));
    }

    private String writeHeader(java.util.SortedSet<String> roots) {
        VmlinuxHeaderWriter w = new VmlinuxHeaderWriter(btf);
        if (roots.isEmpty()) {
            w.all();
        } else {
            w.integerTypedefs().bpfEnums();
            for (String r : roots) w.root(headerRoot(r));
        }
        return w.write("vmlinux.h written by jstap from BTF of " + owner + " " + hash().substring(0, 16)
                + (roots.isEmpty() ? ", all types" : ", types of: " + String.join(", ", roots).replace("*/", "* /")));
    }

    /** A root's type id: a C type spelling (pointers and qualifiers stripped) or an enumerator's name. */
    private int headerRoot(String spelling) {
        String s = spelling;
        while (s.endsWith("*")) s = s.substring(0, s.length() - 1).trim();
        s = s.replaceAll("\\b(const|volatile)\\b", " ").trim().replaceAll("\\s+", " ");
        OptionalInt id = findType(s);
        if (id.isPresent() && id.getAsInt() != 0) return id.getAsInt();
        if (s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            for (BtfDebugInfo d = this; d != null; d = d.base) {
                for (int t = d.btf.firstId(); t < d.btf.nextId(); t++) {
                    int k = d.btf.kind(t);
                    if (k != Btf.KIND_ENUM && k != Btf.KIND_ENUM64) continue;
                    int stride = k == Btf.KIND_ENUM ? 2 : 3;
                    for (int v = 0; v < d.btf.vlen(t); v++) if (d.btf.string(d.btf.word(t, stride * v)).equals(s)) return t;
                }
            }
        }
        throw new IllegalArgumentException("no type or enumerator '" + spelling + "' in the BTF of " + owner);
    }

    private boolean isVoidPointer(int id) {
        int r = resolve(id);
        return r != 0 && btf.kind(r) == Btf.KIND_PTR && resolve(btf.sizeOrType(r)) == 0;
    }
}
