package org.jstap.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jstap.api.Pass;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.backend.bpf.CoreRelocations;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Compile once, run anywhere: the .bpf.o pass 4 builds for run/kernel/kernel_core_fields carries a CO-RE relocation
 * (.BTF.ext core_relo) for its target variables' members, not just the built-in functions' (BPF_CORE_READ): byte
 * offsets on task_struct, mm_struct and cred, and a bitfield's shifts, which libbpf rewrites for the running kernel.
 */
class BpfCoreRelocTest {
    @Test
    @SuppressWarnings("unchecked")
    void targetVariablesAreRelocated() throws Exception {
        for (String tool : List.of("clang", "llvm-objcopy")) {
            if (!RunCorpusVmTest.onPath(tool)) throw new TestAbortedException("no " + tool + " on PATH");
        }
        if (!Files.isReadable(Path.of("/sys/kernel/btf/vmlinux"))) throw new TestAbortedException("no kernel BTF here");
        Pipeline.assumeStages(4, "bpf");
        Path script = Corpus.root().resolve("run/kernel/kernel_core_fields.stp");
        String text = Files.readString(script);
        SessionOptions o = SessionOptions.builder().runtime("bpf").lastPass(4).build();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8);
        StageContext ctx = new StageContext(o, new Diagnostics(false, false), new SourceTexts(),
                () -> Pipeline.kernel(System.getProperty("os.version")), pe, pe);
        ctx.sources().put("kernel_core_fields.stp", text);
        Object data = new ScriptSource("kernel_core_fields.stp", text);
        for (Pass p : List.of(Pass.PARSE, Pass.ELABORATE, Pass.TRANSLATE, Pass.BUILD)) {
            Stage<Object, Object> st = (Stage<Object, Object>) Pipeline.registry().stage(p, "bpf").orElseThrow();
            data = st.run(data, ctx);
        }
        List<CoreRelocations.Reloc> relocs = CoreRelocations.of(((ModuleArtefact) data).ko());
        Set<String> types = relocs.stream().map(CoreRelocations.Reloc::type).collect(Collectors.toSet());
        assertTrue(relocs.size() >= 12, "one relocation per member read, got " + relocs);
        assertTrue(types.containsAll(Set.of("task_struct", "mm_struct", "cred")), "relocated types: " + types);
        // the bitfield (sched_reset_on_fork): its shifts are relocated too (kinds 4 and 5, LSHIFT_U64/RSHIFT_U64)
        assertTrue(relocs.stream().anyMatch(r -> r.kind() == 4) && relocs.stream().anyMatch(r -> r.kind() == 5),
                "bitfield relocations: " + relocs);
    }
}
