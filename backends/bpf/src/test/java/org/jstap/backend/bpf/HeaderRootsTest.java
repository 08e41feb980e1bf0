package org.jstap.backend.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jstap.debuginfo.btf.BtfDebugInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which kernel types generated BPF C asks vmlinux.h for (over the host's BTF; skipped without it). */
class HeaderRootsTest {
    static BtfDebugInfo di;

    @BeforeAll
    static void load() throws Exception {
        Path sys = Path.of("/sys/kernel/btf/vmlinux");
        assumeTrue(Files.isReadable(sys), "no readable /sys/kernel/btf/vmlinux");
        di = BtfDebugInfo.load(Files.readAllBytes(sys), "kernel");
    }

    @Test
    void theSourcesKernelTypesAndTypedefsButNotOurOwn() {
        Set<String> roots = HeaderRoots.scan(di, List.of("""
                struct jst_hit { __u64 actions; };
                int probe_0(struct bpf_raw_tracepoint_args *ctx) {
                    pid_t p = BPF_CORE_READ((struct task_struct *)bpf_get_current_task(), tgid);
                }"""));
        assertTrue(roots.containsAll(List.of("struct bpf_raw_tracepoint_args", "struct task_struct", "pid_t", "__u64")), roots.toString());
        assertFalse(roots.contains("struct jst_hit"), roots.toString());
        assertFalse(roots.contains("probe_0"), roots.toString());
    }

    @Test
    void whatClangFoundIncompleteOrUnknown() {
        String out = """
                probes.bpf.c:18:9: error: incomplete definition of type 'struct cred'
                probes.bpf.c:19:2: error: unknown type name 'atomic_t'
                probes.bpf.c:20:2: error: variable has incomplete type 'struct jst_nosuch'
                """;
        assertEquals(Set.of("struct cred", "atomic_t"), HeaderRoots.fromErrors(di, out));
    }
}
