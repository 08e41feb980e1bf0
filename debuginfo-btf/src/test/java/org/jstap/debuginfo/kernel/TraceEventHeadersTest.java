package org.jstap.debuginfo.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jstap.api.debuginfo.CType;
import org.jstap.debuginfo.btf.BtfDebugInfo;
import org.jstap.debuginfo.btf.TestBlobs;
import org.jstap.debuginfo.btf.TraceEventDecl;
import org.junit.jupiter.api.Test;

class TraceEventHeadersTest {
    @Test
    void eventsOfAClassAndOwnEventsWithTheirPrototypeNames() {
        String h = """
                /* a comment with DEFINE_EVENT(x, y, in it */
                DECLARE_EVENT_CLASS(block_rq,
                	TP_PROTO(struct request *rq),
                	TP_ARGS(rq), TP_STRUCT__entry(__field(int, x)));
                DEFINE_EVENT(block_rq, block_rq_issue,
                	TP_PROTO(struct request *rq),
                	TP_ARGS(rq));
                TRACE_EVENT(block_rq_complete,
                	TP_PROTO(struct request *rq, blk_status_t error, unsigned int nr_bytes),
                	TP_ARGS(rq, error, nr_bytes), TP_printk("%d", 1));
                TRACE_EVENT_FN(sys_enter,
                	TP_PROTO(struct pt_regs *regs, long id),
                	TP_ARGS(regs, id), x, y, z, a);
                TRACE_EVENT(cpu_idle_miss, TP_PROTO(void), TP_ARGS());
                """;
        Map<String, TraceEventDecl> m = new HashMap<>();
        TraceEventHeaders.parse(h, m);
        assertEquals(new TraceEventDecl("block_rq", List.of("rq")), m.get("block_rq_issue"));
        assertEquals(new TraceEventDecl("block_rq", List.of("rq")), m.get("block_rq"));
        assertEquals(new TraceEventDecl("block_rq_complete", List.of("rq", "error", "nr_bytes")), m.get("block_rq_complete"));
        assertEquals(new TraceEventDecl("sys_enter", List.of("regs", "id")), m.get("sys_enter"));
        assertEquals(List.of(), m.get("cpu_idle_miss").names());
        assertEquals(null, m.get("y"));
    }

    @Test
    void aDefineEventTracepointIsNamedThroughItsClassFunction() throws Exception {
        BtfDebugInfo di = BtfDebugInfo.load(TestBlobs.kernelBytes(), "kernel");
        // BTF alone: several classes take one struct request* under different names, so arg1
        assertEquals(List.of("arg1"), names(di, "block_rq_issue"));
        Map<String, TraceEventDecl> m = new HashMap<>();
        TraceEventHeaders.parse("DEFINE_EVENT(block_rq, block_rq_issue, TP_PROTO(struct request *rq), TP_ARGS(rq));\n"
                + "DEFINE_EVENT(sched_wakeup_template, sched_wakeup, TP_PROTO(struct task_struct *p), TP_ARGS(p));", m);
        di.traceEventSource(n -> Optional.ofNullable(m.get(n)));
        assertEquals(List.of("rq"), names(di, "block_rq_issue"));
        assertEquals(List.of("p"), names(di, "sched_wakeup"));
        assertEquals("struct request*", di.typeName(di.tracepoint("block_rq_issue").orElseThrow().params().get(0).type()));
    }

    private static List<String> names(BtfDebugInfo di, String tp) {
        return di.tracepoint(tp).orElseThrow().params().stream().map(CType.Param::name).toList();
    }
}
