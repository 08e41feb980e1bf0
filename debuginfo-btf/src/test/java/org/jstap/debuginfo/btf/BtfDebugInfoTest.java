package org.jstap.debuginfo.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.jstap.api.debuginfo.CType;
import org.jstap.api.debuginfo.FunctionSig;
import org.junit.jupiter.api.Test;

class BtfDebugInfoTest {
    private final BtfDebugInfo di = TestBlobs.kernel();

    private String signature(FunctionSig s) {
        return s.params().stream().map(p -> "$" + p.name() + ":" + di.typeName(p.type())).collect(Collectors.joining(" "));
    }

    @Test
    void ksysReadHasStapStyleParameters() {
        FunctionSig s = di.function("ksys_read").orElseThrow();
        assertEquals("$fd:unsigned int $buf:char* $count:size_t", signature(s));
        assertEquals("ssize_t", di.typeName(s.returnType()));
    }

    @Test
    void qualifiersAndPointersSpelledLikeStap() {
        assertEquals("$dfd:int $filename:char const* $flags:int $mode:umode_t", signature(di.function("do_sys_open").orElseThrow()));
        assertEquals("$file:struct file* $buf:char* $count:size_t $pos:loff_t*", signature(di.function("vfs_read").orElseThrow()));
        assertEquals("$dfd:int $pathname:struct filename* $op:struct open_flags const*",
                signature(di.function("do_filp_open").orElseThrow()));
        assertEquals("long int", di.typeName(di.function("do_sys_open").orElseThrow().returnType()));
        assertTrue(di.function("schedule").orElseThrow().params().isEmpty());
        assertTrue(di.function("no_such_function_xyz").isEmpty());
    }

    @Test
    void functionPointerSpelling() {
        int fops = di.findType("struct file_operations").getAsInt();
        CType.Member read = di.member(fops, "read").orElseThrow();
        assertEquals("ssize_t (*)(struct file*, char*, size_t, loff_t*)", di.typeName(read.type()));
    }

    @Test
    void functionNamesSortedUniqueAndComplete() {
        List<String> names = di.functionNames();
        assertTrue(names.size() > 40_000, "function count " + names.size());
        for (int i = 1; i < names.size(); i++) assertTrue(names.get(i - 1).compareTo(names.get(i)) < 0, names.get(i));
        assertTrue(names.contains("vfs_read"));
        assertThrows(UnsupportedOperationException.class, () -> names.add("x"));
    }

    @Test
    void structMembersAndOffsets() {
        int task = di.findType("struct task_struct").getAsInt();
        CType.Struct ts = assertInstanceOf(CType.Struct.class, di.type(task));
        assertEquals("task_struct", ts.name());
        assertEquals(ts.size(), di.sizeOf(task));
        CType.Member pid = di.member(task, "pid").orElseThrow();
        assertEquals("pid_t", di.typeName(pid.type()));
        assertEquals(0, pid.bitOffset() % 8);
        assertEquals(4, di.sizeOf(pid.type()));
        CType.Member comm = di.member(task, "comm").orElseThrow();
        assertEquals("char[16]", di.typeName(comm.type()));
        CType.Array arr = assertInstanceOf(CType.Array.class, di.type(comm.type()));
        assertEquals(16, arr.count());
        CType.Int ch = assertInstanceOf(CType.Int.class, di.type(di.resolve(arr.element())));
        assertTrue(ch.isChar());
        assertEquals(16, di.sizeOf(comm.type()));

        int file = di.findType("struct file").getAsInt();
        CType.Member fpath = di.member(file, "f_path").orElseThrow();
        assertEquals("struct path", di.typeName(fpath.type()));
        assertEquals(16, fpath.bitOffset() / 8);              // after f_u (16-byte union)
        assertEquals(16, di.sizeOf(fpath.type()));
        assertTrue(di.member(file, "nonexistent").isEmpty());
    }

    @Test
    void anonymousMembersAreSearchedThrough() {
        // struct page keeps most fields inside anonymous unions of anonymous structs
        int page = di.findType("struct page").getAsInt();
        CType.Member flags = di.member(page, "flags").orElseThrow();
        assertEquals(0, flags.bitOffset());
        CType.Member lru = di.member(page, "lru").orElseThrow();
        assertEquals(64, lru.bitOffset());
    }

    @Test
    void bitfields() {
        int task = di.findType("struct task_struct").getAsInt();
        CType.Member a = di.member(task, "sched_reset_on_fork").orElseThrow();
        CType.Member b = di.member(task, "sched_contributes_to_load").orElseThrow();
        assertEquals(1, a.bitSize());
        assertEquals(a.bitOffset() + 1, b.bitOffset());
        assertEquals("unsigned int", di.typeName(a.type()));
        assertEquals(0, di.member(task, "pid").orElseThrow().bitSize());
    }

    @Test
    void typedefChainsResolve() {
        int sizeT = di.findType("size_t").getAsInt();
        assertEquals("size_t", di.typeName(sizeT));
        CType.Typedef td = assertInstanceOf(CType.Typedef.class, di.type(sizeT));
        assertEquals("__kernel_size_t", di.typeName(td.target()));
        CType.Int base = assertInstanceOf(CType.Int.class, di.type(di.resolve(sizeT)));
        assertEquals("long unsigned int", base.name());
        assertFalse(base.signed());
        assertEquals(8, di.sizeOf(sizeT));
        int u8 = di.findType("u8").getAsInt();
        assertEquals(1, di.sizeOf(u8));
        int pidT = di.findType("pid_t").getAsInt();
        assertTrue(((CType.Int) di.type(di.resolve(pidT))).signed());
    }

    @Test
    void findTypeSpellings() {
        assertTrue(di.findType("int").isPresent());
        assertTrue(di.findType("unsigned int").isPresent());
        assertTrue(di.findType("struct  file").isPresent());
        assertTrue(di.findType("union bpf_attr").isPresent());
        assertTrue(di.findType("enum pid_type").isPresent());
        assertEquals(0, di.findType("void").getAsInt());
        assertTrue(di.findType("struct no_such_struct").isEmpty());
        assertTrue(di.findType("task_struct").isEmpty());       // needs its tag
        assertInstanceOf(CType.Struct.class, di.type(di.findType("struct file").getAsInt()));
    }

    @Test
    void enums() {
        CType.Enum e = assertInstanceOf(CType.Enum.class, di.type(di.findType("enum pid_type").getAsInt()));
        assertEquals(0L, e.values().get("PIDTYPE_PID"));
        assertEquals(1L, e.values().get("PIDTYPE_TGID"));
        assertEquals(4, e.bytes());
        assertEquals("enum pid_type", di.typeName(di.findType("enum pid_type").getAsInt()));
    }

    @Test
    void tracepoints() {
        assertTrue(di.tracepointNames().size() > 500, "tracepoints " + di.tracepointNames().size());
        assertTrue(di.tracepointNames().contains("sched_switch"));
        FunctionSig s = di.tracepoint("sched_switch").orElseThrow();
        assertEquals("$preempt:bool $prev:struct task_struct* $next:struct task_struct* $prev_state:unsigned int", signature(s));
        assertEquals("$regs:struct pt_regs* $id:long int", signature(di.tracepoint("sys_enter").orElseThrow()));
        assertTrue(di.tracepoint("no_such_tp").isEmpty());
    }

    @Test
    void everyTypeDecodesAndHasAName() {
        for (int id = 1; id < di.btf().nextId(); id++) {
            assertTrue(di.type(id) != null);
            assertFalse(di.typeName(id).isEmpty(), "type " + id);
        }
        assertInstanceOf(CType.Void.class, di.type(0));
        assertEquals("void", di.typeName(0));
        assertThrows(IllegalArgumentException.class, () -> di.type(di.btf().nextId()));
    }

    @Test
    void validatesAndDuplicatesAreReachable() throws Exception {
        di.btf().validate();
        long dupNames = di.functionNames().stream().filter(n -> di.functionIds(n).size() > 1).limit(3).count();
        assertEquals(3, dupNames);
        String dup = di.functionNames().stream().filter(n -> di.functionIds(n).size() > 1).findFirst().orElseThrow();
        List<Integer> ids = di.functionIds(dup);
        assertEquals(di.function(dup).orElseThrow(), di.functionSig(ids.get(0)));
        assertEquals(dup, di.functionSig(ids.get(1)).name());
        assertTrue(di.functionIds("no_such_fn").isEmpty());
    }

    @Test
    void concurrentFirstUseIsSafe() throws Exception {
        BtfDebugInfo fresh = BtfDebugInfo.load(TestBlobs.kernelBytes(), "kernel");
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int start = t;
                fs.add(ex.submit(() -> {
                    StringBuilder sb = new StringBuilder();
                    sb.append(fresh.functionNames().size()).append(fresh.findType("struct file").getAsInt());
                    for (int id = 1 + start; id < fresh.btf().nextId(); id += 97) sb.append(fresh.typeName(id).length());
                    sb.append(fresh.hash());
                    return sb.toString();
                }));
            }
            String first = null;
            for (var f : fs) {
                String r = f.get();
                assertTrue(r.startsWith(Integer.toString(di.functionNames().size())));
                assertTrue(r.endsWith(di.hash()));
                if (first == null) first = r;
            }
        } finally {
            ex.shutdown();
        }
    }

    @Test
    void hashIsStable() {
        assertEquals(64, di.hash().length());
        assertEquals(di.hash(), di.hash());
        assertEquals("btf", di.format());
        assertEquals("kernel", di.owner());
    }

    @Test
    void wildcardMatching() {
        assertEquals(List.of("ksys_read"), di.matchFunctions("ksys_read"));
        List<String> ksys = di.matchFunctions("ksys_*");
        assertTrue(ksys.contains("ksys_read") && ksys.contains("ksys_write"));
        assertTrue(ksys.stream().allMatch(n -> n.startsWith("ksys_")));
        List<String> vfsRw = di.matchFunctions("vfs_[rw]*");
        assertTrue(vfsRw.contains("vfs_read") && vfsRw.contains("vfs_write"));
        assertTrue(di.matchFunctions("*_read").contains("ksys_read"));
        assertTrue(di.matchFunctions("nope_*").isEmpty());
        // every name matches '*'; timing: 42k names, warm, must be quick
        for (int i = 0; i < 5; i++) di.matchFunctions("*read*");
        long t0 = System.nanoTime();
        assertEquals(di.functionNames().size(), di.matchFunctions("*").size());
        List<String> any = di.matchFunctions("*s?s_*read*");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(any.isEmpty());
        System.out.println("wildcard matching over " + di.functionNames().size() + " names: " + ms + " ms");
        assertTrue(ms < 1000, "wildcard matching took " + ms + " ms");   // generous: shared CI cores
    }
}
