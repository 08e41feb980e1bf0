package org.jstap.debuginfo.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vmlinux.h writer. Layout proof, for whole kernels: clang ({@code -target bpf}) must agree with the kernel's
 * BTF on every uniquely named struct's and union's size and members' offsets (static assertions), and, for those
 * holding bit-fields, its own BTF of our declarations must give every member the kernel's bit offset and width.
 * Compiler tests skip when clang is not installed.
 */
class VmlinuxHeaderWriterTest {
    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- fixtures (no compiler needed)

    /** A struct whose layout needs padding, bit-fields, a packed struct, a function pointer, a name clash. */
    static byte[] tricky() {
        BtfBuilder b = new BtfBuilder(ByteOrder.LITTLE_ENDIAN);
        int intT = b.type("int", Btf.KIND_INT, 0, false, 4, Btf.INT_SIGNED << 24 | 32);               // 1
        int u8 = b.type("unsigned char", Btf.KIND_INT, 0, false, 1, 8);                                // 2
        int u64 = b.type("long long unsigned int", Btf.KIND_INT, 0, false, 8, 64);                     // 3
        int u32 = b.type("unsigned int", Btf.KIND_INT, 0, false, 4, 32);                               // 4
        // struct gap { u8 a; /* 63 bytes: ____cacheline_aligned */ u64 b; u32 f1:3, f2:7; }
        b.type("gap", Btf.KIND_STRUCT, 4, true, 80,                                                    // 5
                b.str("a"), u8, 0, b.str("b"), u64, 512, b.str("f1"), u32, 3 << 24 | 576, b.str("f2"), u32, 7 << 24 | 579);
        // struct pk { u8 c; u32 d; } __packed (size 5)
        int pk = b.type("pk", Btf.KIND_STRUCT, 2, false, 5, b.str("c"), u8, 0, b.str("d"), u32, 8); // 6
        int proto = b.type("", Btf.KIND_FUNC_PROTO, 2, false, intT, b.str("x"), intT, b.str("p"), 9); // 7
        int fnp = b.type("", Btf.KIND_PTR, 0, false, proto);                                           // 8
        b.type("", Btf.KIND_PTR, 0, false, pk);                                                        // 9
        // struct ops { int (*fn)(int, struct pk *); struct pk arr[2]; }
        b.type("ops", Btf.KIND_STRUCT, 2, false, 24, b.str("fn"), fnp, 0, b.str("arr"), 12, 64);      // 10
        b.type("pk", Btf.KIND_STRUCT, 1, false, 4, b.str("other"), intT, 0);                          // 11: a second struct pk
        b.type("", Btf.KIND_ARRAY, 0, false, 0, pk, intT, 2);                                          // 12
        b.type("", Btf.KIND_ENUM, 2, true, 4, b.str("ONE"), 1, b.str("TWO"), 2);                       // 13: anonymous, unused
        b.type("e1", Btf.KIND_ENUM, 1, false, 1, b.str("ONE"), 1);                                     // 14: 1-byte, clashing ONE
        b.type("ops_t", Btf.KIND_TYPEDEF, 0, false, 10);                                               // 15
        return b.build();
    }

    @Test
    void writesPaddingPackingDeclaratorsAndRenames() throws IOException {
        String h = new VmlinuxHeaderWriter(Btf.parse(tricky())).all().write("test");
        assertTrue(h.contains("#define __VMLINUX_H__"), h);     // libbpf's bpf_tracing.h keys kernel pt_regs names on it
        assertTrue(h.contains("struct gap {\n\tunsigned char a;\n\tchar: 8;\n\tshort: 16;\n\tint: 32;\n\tlong: 64;\n"), h);
        assertTrue(h.contains("\tunsigned int f1: 3;\n\tunsigned int f2: 7;\n"), h);
        assertTrue(h.contains("struct pk {\n\tunsigned char c;\n\tunsigned int d;\n} __attribute__((packed, preserve_access_index));"), h);
        assertTrue(h.contains("\tint (*fn)(int, struct pk *);\n\tstruct pk arr[2];\n"), h);
        assertTrue(h.contains("struct pk___2 {\n\tint other;\n}"), h);
        assertTrue(h.contains("enum {\n\tONE = 1,\n\tTWO = 2,\n};"), h);
        assertTrue(h.contains("enum e1 {\n\tONE___2 = 1,\n} __attribute__((mode(QI)));"), h);
        assertTrue(h.contains("typedef struct ops ops_t;"), h);
        assertTrue(h.indexOf("struct pk {") < h.indexOf("struct ops {"), "by-value dependency first");
    }

    @Test
    void aSubsetHasItsRootsByValueClosureAndForwardDeclarationsOnly() throws IOException {
        BtfDebugInfo di = BtfDebugInfo.load(tricky(), "kernel");
        String h = di.cHeader(List.of("ops_t")).orElseThrow();
        assertTrue(h.contains("struct ops {"), h);
        assertTrue(h.contains("struct pk {"), h);         // ops holds pk by value (the array)
        assertFalse(h.contains("struct gap"), h);
        assertFalse(h.contains("pk___2"), h);            // the other pk is not needed, so no clash
        assertTrue(h.contains("typedef struct ops ops_t;"), h);
        String fwd = di.cHeader(List.of("struct gap", "ONE")).orElseThrow();
        assertTrue(fwd.contains("ONE = 1"), fwd);        // an enumerator's name brings its enum
        assertThrows(IllegalArgumentException.class, () -> di.cHeader(List.of("struct nosuch")));
    }

    @Test
    void headersAreCachedPerBtfHashOnDisk() throws IOException {
        byte[] data = tricky();
        BtfDebugInfo a = BtfDebugInfo.load(data, "kernel");
        a.headerCache(tmp);
        String h = a.cHeader(List.of()).orElseThrow();
        Path file = tmp.resolve(a.hash()).resolve("all.h");
        assertEquals(h, Files.readString(file));
        Files.writeString(file, "/* from the cache */\n");
        BtfDebugInfo b = BtfDebugInfo.load(data, "kernel");
        b.headerCache(tmp);
        assertEquals("/* from the cache */\n", b.cHeader(List.of()).orElseThrow());
    }

    // ---------------------------------------------------------------- clang: same layouts as the kernel

    @Test
    void fixtureLayoutsCompileAsInBtf() throws Exception {
        assumeTrue(clang() != null, "clang is not installed");
        checkLayouts(Btf.parse(tricky()), new VmlinuxHeaderWriter(Btf.parse(tricky())).all().write("test"));
    }

    @Test
    void theCloudKernelsFullHeaderCompilesWithTheKernelsLayouts() throws Exception {
        assumeTrue(clang() != null, "clang is not installed");
        BtfDebugInfo di = TestBlobs.kernel();
        checkLayouts(di.btf(), di.cHeader(List.of()).orElseThrow());
    }

    @Test
    void theHostKernelsFullHeaderCompilesWithTheKernelsLayouts() throws Exception {
        assumeTrue(clang() != null, "clang is not installed");
        Path sys = Path.of("/sys/kernel/btf/vmlinux");
        assumeTrue(Files.isReadable(sys), "no readable /sys/kernel/btf/vmlinux");
        BtfDebugInfo di = BtfDebugInfo.load(Files.readAllBytes(sys), "kernel");
        checkLayouts(di.btf(), di.cHeader(List.of()).orElseThrow());
    }

    @Test
    void aCoreProgramCompilesAgainstASubsetWithRelocations() throws Exception {
        assumeTrue(clang() != null, "clang is not installed");
        assumeTrue(Files.isRegularFile(Path.of("/usr/include/bpf/bpf_helpers.h")), "libbpf-dev headers not installed");
        BtfDebugInfo di = TestBlobs.kernel();
        String h = di.cHeader(List.of("struct task_struct", "struct trace_event_raw_sys_enter")).orElseThrow();
        Files.writeString(tmp.resolve("vmlinux.h"), h);
        Files.writeString(tmp.resolve("prog.bpf.c"), """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                #include <bpf/bpf_core_read.h>
                int seen;
                SEC("tracepoint/syscalls/sys_enter_read")
                int on_read(struct trace_event_raw_sys_enter *ctx) {
                    struct task_struct *t = (struct task_struct *) bpf_get_current_task();
                    int tgid = BPF_CORE_READ(t, tgid);
                    unsigned int flags = BPF_CORE_READ(t, real_parent, flags);
                    seen = tgid + (int) flags + (int) ctx->args[0];
                    return 0;
                }
                char LICENSE[] SEC("license") = "GPL";
                """);
        run(List.of(clang(), "-target", "bpf", "-O2", "-g", "-c", "prog.bpf.c", "-o", "prog.bpf.o"));
        ElfFile o = ElfFile.parse(ByteBuffer.wrap(Files.readAllBytes(tmp.resolve("prog.bpf.o"))));
        ByteBuffer ext = ByteBuffer.wrap(o.sectionBytes(".BTF.ext").orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
        assertTrue(ext.getInt(4) >= 32, "a .BTF.ext header with CO-RE relocation info");
        assertTrue(ext.getInt(28) > 0, "CO-RE relocations: task_struct's fields are accessed through preserve_access_index");
    }

    /** As root with bpftool (a loader) and the host's BTF: the program loads, so its CO-RE relocations resolve. */
    @Test
    void aCoreProgramBuiltOnASubsetLoadsIntoTheRunningKernel() throws Exception {
        assumeTrue(clang() != null, "clang is not installed");
        assumeTrue(Files.isRegularFile(Path.of("/usr/include/bpf/bpf_helpers.h")), "libbpf-dev headers not installed");
        assumeTrue(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "no readable /sys/kernel/btf/vmlinux");
        assumeTrue("root".equals(System.getProperty("user.name")), "loading BPF needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/bpftool")), "bpftool is not installed");
        assumeTrue(Files.isDirectory(Path.of("/sys/fs/bpf")), "no bpffs at /sys/fs/bpf");
        BtfDebugInfo di = BtfDebugInfo.load(Files.readAllBytes(Path.of("/sys/kernel/btf/vmlinux")), "kernel");
        Files.writeString(tmp.resolve("vmlinux.h"), di.cHeader(List.of("struct task_struct", "struct trace_event_raw_sys_enter")).orElseThrow());
        Files.writeString(tmp.resolve("prog.bpf.c"), """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                #include <bpf/bpf_core_read.h>
                struct {
                    __uint(type, BPF_MAP_TYPE_HASH);
                    __uint(max_entries, 64);
                    __type(key, __u32);
                    __type(value, __u64);
                } counts SEC(".maps");
                SEC("tracepoint/syscalls/sys_enter_read")
                int on_read(struct trace_event_raw_sys_enter *ctx) {
                    struct task_struct *t = (struct task_struct *) bpf_get_current_task();
                    __u32 tgid = BPF_CORE_READ(t, real_parent, tgid);
                    __u64 n = ctx->args[2];
                    bpf_map_update_elem(&counts, &tgid, &n, BPF_ANY);
                    return 0;
                }
                char LICENSE[] SEC("license") = "GPL";
                """);
        run(List.of(clang(), "-target", "bpf", "-O2", "-g", "-c", "prog.bpf.c", "-o", "prog.bpf.o"));
        Path pin = Path.of("/sys/fs/bpf/jstap-vmlinux-h-test-" + ProcessHandle.current().pid());
        try {
            run(List.of("/usr/sbin/bpftool", "prog", "load", "prog.bpf.o", pin.toString()));
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    /**
     * Layouts of {@code header} against {@code kernel}: every uniquely named aggregate's size and named members'
     * offsets as static assertions (a syntax-only compile, fast); those holding bit-fields compiled with
     * {@code -g} and clang's BTF of them compared member by member (bit offsets and widths).
     */
    private void checkLayouts(Btf kernel, String header) throws Exception {
        Map<String, Integer> unique = uniqueAggregates(kernel);
        Files.writeString(tmp.resolve("vmlinux.h"), header);
        StringBuilder asserts = new StringBuilder("#include \"vmlinux.h\"\n");
        StringBuilder ptrs = new StringBuilder("#include \"vmlinux.h\"\n");
        int n = 0;
        Map<String, Integer> withBits = new java.util.TreeMap<>();
        for (var e : unique.entrySet()) {
            String t = e.getKey();
            asserts.append("_Static_assert(sizeof(").append(t).append(") == ").append(Integer.toUnsignedLong(kernel.sizeOrType(e.getValue())))
                    .append(", \"").append(t).append("\");\n");
            if (offsetAsserts(kernel, e.getValue(), t, "", 0, asserts)) {
                withBits.put(t, e.getValue());
                ptrs.append(t).append(" __v").append(n++).append(";\n");   // by value: clang emits the whole type
            }
        }
        Files.writeString(tmp.resolve("asserts.c"), asserts);
        Files.writeString(tmp.resolve("bits.c"), ptrs);
        run(List.of(clang(), "-target", "bpf", "-fsyntax-only", "asserts.c"));
        run(List.of(clang(), "-target", "bpf", "-g", "-O0", "-c", "bits.c", "-o", "bits.o"));
        ElfFile o = ElfFile.parse(ByteBuffer.wrap(Files.readAllBytes(tmp.resolve("bits.o"))));
        Btf ours = Btf.parse(o.sectionBytes(".BTF").orElseThrow());
        List<String> problems = new ArrayList<>();
        Set<String> found = new java.util.HashSet<>();
        for (int id = 1; id < ours.nextId(); id++) {         // clang may emit an aggregate more than once: check each
            int k = ours.kind(id);
            if (k != Btf.KIND_STRUCT && k != Btf.KIND_UNION) continue;
            String t = (k == Btf.KIND_UNION ? "union " : "struct ") + ours.name(id);
            Integer kid = withBits.get(t);
            if (kid == null) continue;
            found.add(t);
            compare(t, kernel, kid, ours, id, problems);
        }
        for (String t : withBits.keySet()) if (!found.contains(t)) problems.add(t + ": not in clang's BTF");
        assertTrue(problems.isEmpty(), problems.size() + " layout differences, first: " + problems.subList(0, Math.min(20, problems.size())));
    }

    /** Offset assertions of named non-bit-field members (through anonymous ones); true if it holds bit-fields. */
    private static boolean offsetAsserts(Btf b, int id, String type, String prefix, long base, StringBuilder out) {
        boolean bits = false;
        for (int m = 0; m < b.vlen(id); m++) {
            int off = b.word(id, 3 * m + 2);
            long bit = base + (b.kindFlag(id) ? off & 0xffffff : Integer.toUnsignedLong(off));
            boolean bitfield = b.kindFlag(id) && off >>> 24 != 0;
            int mt = b.word(id, 3 * m + 1);
            if (b.word(id, 3 * m) == 0) {
                int r = aggregate(b, mt);
                if (r != 0) bits |= offsetAsserts(b, r, type, prefix, bit, out);
                continue;
            }
            if (bitfield) {
                bits = true;
                continue;
            }
            String name = b.string(b.word(id, 3 * m));
            out.append("_Static_assert(__builtin_offsetof(").append(type).append(", ").append(name).append(") == ")
                    .append(bit / 8).append(", \"").append(type).append('.').append(name).append("\");\n");
        }
        return bits;
    }

    private static int aggregate(Btf b, int id) {
        while (id != 0 && (b.kind(id) == Btf.KIND_TYPEDEF || b.kind(id) == Btf.KIND_CONST || b.kind(id) == Btf.KIND_VOLATILE))
            id = b.sizeOrType(id);
        return id != 0 && (b.kind(id) == Btf.KIND_STRUCT || b.kind(id) == Btf.KIND_UNION) ? id : 0;
    }

    private static void compare(String what, Btf kb, int k, Btf ob, int o, List<String> problems) {
        if (kb.sizeOrType(k) != ob.sizeOrType(o)) {
            problems.add(what + ": size " + ob.sizeOrType(o) + ", kernel " + kb.sizeOrType(k));
            return;
        }
        List<long[]> km = members(kb, k), om = members(ob, o);
        if (km.size() != om.size()) {
            problems.add(what + ": " + om.size() + " members, kernel " + km.size());
            return;
        }
        for (int i = 0; i < km.size(); i++) {
            long[] a = km.get(i), b = om.get(i);
            if (a[0] != b[0] || a[1] != b[1])
                problems.add(what + " member " + i + " (" + kb.string(kb.word(k, 3 * i)) + "): bit " + b[0] + ":" + b[1]
                        + ", kernel " + a[0] + ":" + a[1]);
        }
    }

    /** {bit offset, bit-field width} of each member that is not an unnamed padding bit-field. */
    private static List<long[]> members(Btf b, int id) {
        List<long[]> out = new ArrayList<>();
        for (int m = 0; m < b.vlen(id); m++) {
            int off = b.word(id, 3 * m + 2);
            if (b.word(id, 3 * m) == 0 && !isAggregate(b, b.word(id, 3 * m + 1))) continue;
            out.add(b.kindFlag(id) ? new long[] {off & 0xffffff, off >>> 24} : new long[] {Integer.toUnsignedLong(off), 0});
        }
        return out;
    }

    private static boolean isAggregate(Btf b, int id) {
        return aggregate(b, id) != 0;
    }

    /** "struct x"/"union x" to id, for tags only one aggregate has (clashing ones are renamed in the header). */
    private static Map<String, Integer> uniqueAggregates(Btf b) {
        Map<String, Integer> seen = new HashMap<>();
        Set<String> dup = new java.util.HashSet<>();
        for (int id = 1; id < b.nextId(); id++) {
            int k = b.kind(id);
            // enums share the tag name space: a struct named like an enum is renamed too
            if ((k != Btf.KIND_STRUCT && k != Btf.KIND_UNION && k != Btf.KIND_ENUM && k != Btf.KIND_ENUM64) || b.nameOff(id) == 0) continue;
            String name = b.name(id);
            if (name.contains("___")) continue;
            if (seen.putIfAbsent(name, id) != null) dup.add(name);
        }
        Map<String, Integer> out = new java.util.TreeMap<>();
        seen.forEach((name, id) -> {
            int k = b.kind(id);
            if (!dup.contains(name) && (k == Btf.KIND_STRUCT || k == Btf.KIND_UNION)) out.put((b.kind(id) == Btf.KIND_UNION ? "union " : "struct ") + name, id);
        });
        return out;
    }

    private void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out.substring(0, Math.min(4000, out.length())));
        assertFalse(out.contains("warning:"), out.substring(0, Math.min(4000, out.length())));
    }

    private static String clang() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "clang"))) return Path.of(dir, "clang").toString();
        }
        return null;
    }
}
