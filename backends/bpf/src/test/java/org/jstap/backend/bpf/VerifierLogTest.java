package org.jstap.backend.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jstap.api.diag.Span;
import org.junit.jupiter.api.Test;

/** A load failure's CO-RE relocation (libbpf's log of a 6.1 kernel lacking a member) mapped to its script line. */
class VerifierLogTest {
    private static String log(String relo) {
        return "libbpf: prog 'probe_0': BPF program load failed: Invalid argument\n"
                + "libbpf: prog 'probe_0': -- BEGIN PROG LOAD LOG --\n"
                + "; /*@s.stp:3:3*/ (void)(({ s64t v0 = 1; }));\n"
                + "292: <invalid CO-RE relocation>\n"
                + "failed to resolve CO-RE relocation " + relo + "\n"
                + "processed 424 insns (limit 1000000) max_states_per_insn 1 total_states 34 peak_states 34 mark_read 8\n"
                + "-- END PROG LOAD LOG --\n";
    }

    /** The generated C: statement markers, a member read and a bitfield read through CO-RE. */
    private static final String C = "\t/*@s.stp:3:3*/ (void)(({ s64t v0 = 1; }));\n"
            + "\t/*@s.stp:4:3*/ (void)(({ u64t ad = ({ u64t cb = (u64t)(tpa1); (u64t)__builtin_preserve_access_index("
            + "&((struct block_device *)(cb))[0].__bd_flags.counter); }); 0; }));\n"
            + "\t/*@s.stp:5:7*/ (void)(({ u64t cb = (u64t)(tpa1); (s64t)BPF_CORE_READ_BITFIELD_PROBED("
            + "(&((struct task_struct *)cb)[0]), sched_rt_mutex); }));\n";

    @Test
    void memberTheKernelLacks() {
        VerifierLog v = VerifierLog.parse(log("<byte_off> [126] struct block_device.__bd_flags.counter (0:6:0 @ offset 48)"));
        assertEquals("the running kernel's struct block_device has no member '__bd_flags.counter'", v.coreFailure());
        assertEquals(Span.at("s.stp", 3, 3), v.at()); // the last marker the verifier printed: the statement before
        assertEquals(Span.at("s.stp", 4, 3), v.coreSite(C)); // the statement whose C reads the member
    }

    @Test
    void bitfieldTheKernelLacks() {
        VerifierLog v = VerifierLog.parse(log("<lshift_u64> [42] struct task_struct.sched_rt_mutex (0:75 @ offset 1192.1)"));
        assertEquals("the running kernel's struct task_struct has no member 'sched_rt_mutex'", v.coreFailure());
        assertEquals(Span.at("s.stp", 5, 7), v.coreSite(C));
    }

    @Test
    void otherRefusalsAreNotCore() {
        VerifierLog v = VerifierLog.parse("libbpf: prog 'probe_0': BPF program load failed: Permission denied\n"
                + "-- BEGIN PROG LOAD LOG --\nR1 invalid mem access 'scalar'\n-- END PROG LOAD LOG --\n");
        assertNull(v.coreFailure());
        assertNull(v.coreSite(C));
    }
}
