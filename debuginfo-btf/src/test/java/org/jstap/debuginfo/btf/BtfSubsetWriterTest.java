package org.jstap.debuginfo.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jstap.api.debuginfo.CType;
import org.jstap.api.debuginfo.FunctionSig;
import org.junit.jupiter.api.Test;

class BtfSubsetWriterTest {
    private final BtfDebugInfo full = TestBlobs.kernel();

    private static String describe(BtfDebugInfo di, FunctionSig s) {
        StringBuilder sb = new StringBuilder(di.typeName(s.returnType()));
        for (CType.Param p : s.params()) sb.append(' ').append(p.name()).append(':').append(di.typeName(p.type()));
        return sb.toString();
    }

    @Test
    void fullClosureRoundTripsExactly() throws Exception {
        BtfSubsetWriter w = new BtfSubsetWriter(full.btf());
        for (String f : List.of("ksys_read", "vfs_read", "do_sys_open")) assertTrue(w.keepFunction(f));
        byte[] out = w.write();
        BtfDebugInfo sub = BtfDebugInfo.load(out, "kernel");
        sub.btf().validate();
        assertEquals(w.size(), sub.btf().localCount());
        assertEquals(List.of("do_sys_open", "ksys_read", "vfs_read"), sub.functionNames());
        for (String f : sub.functionNames()) {
            assertEquals(describe(full, full.function(f).orElseThrow()), describe(sub, sub.function(f).orElseThrow()));
        }
        // every struct kept is identical in layout and spelling
        int checked = 0;
        for (int id = 1; id < sub.btf().nextId(); id++) {
            if (sub.type(id) instanceof CType.Struct s && !s.name().isEmpty()) {
                int orig = full.findType((s.union() ? "union " : "struct ") + s.name()).getAsInt();
                CType.Struct o = (CType.Struct) full.type(orig);
                assertEquals(o.size(), s.size());
                assertEquals(o.members().size(), s.members().size());
                for (int m = 0; m < o.members().size(); m++) {
                    assertEquals(o.members().get(m).name(), s.members().get(m).name());
                    assertEquals(o.members().get(m).bitOffset(), s.members().get(m).bitOffset());
                    assertEquals(o.members().get(m).bitSize(), s.members().get(m).bitSize());
                    assertEquals(full.typeName(o.members().get(m).type()), sub.typeName(s.members().get(m).type()));
                }
                checked++;
            }
        }
        assertTrue(checked > 100, "structs checked: " + checked);
        // writing the subset again from itself gives the same bytes
        BtfSubsetWriter again = new BtfSubsetWriter(sub.btf());
        for (String f : sub.functionNames()) again.keepFunction(f);
        assertEquals(java.util.Arrays.toString(out), java.util.Arrays.toString(again.write()));
    }

    @Test
    void pointerDepthCutsToForwardDeclarations() throws Exception {
        BtfSubsetWriter w = new BtfSubsetWriter(full.btf()).pointerDepth(1);
        w.keepFunction("vfs_read");
        BtfDebugInfo sub = BtfDebugInfo.load(w.write(), "kernel");
        assertTrue(sub.btf().localCount() < full.btf().localCount() / 4, "types " + sub.btf().localCount());
        FunctionSig s = sub.function("vfs_read").orElseThrow();
        assertEquals(describe(full, full.function("vfs_read").orElseThrow()), describe(sub, s));
        // struct file is one pointer away: full body; its f_path's struct path is by value: full; path.dentry is 2 away: forward
        int file = sub.findType("struct file").getAsInt();
        assertInstanceOf(CType.Struct.class, sub.type(file));
        CType.Member fpath = sub.member(file, "f_path").orElseThrow();
        CType.Member dentry = sub.member(fpath.type(), "dentry").orElseThrow();
        assertInstanceOf(CType.Forward.class, sub.type(((CType.Pointer) sub.type(dentry.type())).target()));

        BtfSubsetWriter tw = new BtfSubsetWriter(full.btf()).pointerDepth(0).keepTracepoints();
        BtfDebugInfo tps = BtfDebugInfo.load(tw.write(), "kernel");
        tps.btf().validate();
        assertEquals(full.tracepointNames(), tps.tracepointNames());
        assertInstanceOf(CType.Forward.class, tps.type(tps.findType("struct task_struct").getAsInt()));
        assertEquals("$preempt:bool $prev:struct task_struct* $next:struct task_struct* $prev_state:unsigned int",
                tps.tracepoint("sched_switch").orElseThrow().params().stream()
                        .map(p -> "$" + p.name() + ":" + tps.typeName(p.type())).reduce((a, b) -> a + " " + b).orElse(""));
    }
}
