package org.jstap.cli.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jstap.api.KernelInfo;
import org.jstap.api.Pass;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.debuginfo.DebugInfoProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which option or environment change invalidates which pass: a fake kernel and fake BTF, keys compared per pass. */
class StageKeysTest {
    @TempDir Path tmp;

    static final byte[] INPUT = "same input artefact".getBytes();
    static String btfHash = "btf-1";

    record FakeStage(Pass pass, String backend) implements Stage<Object, Object> {
        public String name() { return "s" + pass.number; }
        public String version() { return "1"; }
        public Class<Object> inputType() { return Object.class; }
        public Class<Object> outputType() { return Object.class; }
        public Object run(Object input, StageContext ctx) { return input; }
        public void printResult(Object output, StageContext ctx) {}
    }

    static final class FakeBtf implements DebugInfoProvider {
        public String name() { return "btf"; }
        public Optional<DebugInfo> kernel(KernelInfo k) {
            return Optional.of((DebugInfo) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {DebugInfo.class}, (p, m, a) -> m.getName().equals("hash") ? btfHash + k.version() : null));
        }
        public Optional<DebugInfo> module(KernelInfo k, String m) { return Optional.empty(); }
    }

    private static KernelInfo kernel(String version, String configValue) {
        return new KernelInfo("6.1.0-9-test", version, "x86_64", Map.of("CONFIG_X", configValue), Path.of("/nonexistent/build"), null);
    }

    /** The four keys for these options and this kernel. */
    private static List<String> keys(SessionOptions o, KernelInfo k) {
        StageKeys keys = new StageKeys(o, () -> k, List.of(new FakeBtf()), () -> "gcc 12");
        return List.of(Pass.PARSE, Pass.ELABORATE, Pass.TRANSLATE, Pass.BUILD).stream()
                .map(p -> keys.key(new FakeStage(p, p.number >= 3 ? "kmod" : "*"), INPUT).hex()).toList();
    }

    private static void assertChanged(List<String> before, List<String> after, boolean... changed) {
        for (int i = 0; i < 4; i++) {
            if (changed[i]) assertNotEquals(before.get(i), after.get(i), "pass " + (i + 1) + " key should change");
            else assertEquals(before.get(i), after.get(i), "pass " + (i + 1) + " key should not change");
        }
    }

    @Test
    void sameInputsSameKeys() {
        SessionOptions o = SessionOptions.builder().build();
        assertEquals(keys(o, kernel("#1", "y")), keys(o, kernel("#1", "y")));
    }

    @Test
    void aDefineInvalidatesPasses3And4Only() {
        SessionOptions o = SessionOptions.builder().build();
        SessionOptions d = SessionOptions.builder().defines(Map.of("MAXACTION", "2000")).build();
        assertChanged(keys(o, kernel("#1", "y")), keys(d, kernel("#1", "y")), false, false, true, true);
    }

    @Test
    void aRebuiltKernelWithTheSameReleaseInvalidatesTheKernelDependentPasses() {
        SessionOptions o = SessionOptions.builder().build();
        // pass 3 reads only the IR: its key stays, but a new IR (pass 2 output) changes its input anyway
        assertChanged(keys(o, kernel("#1 SMP Mon", "y")), keys(o, kernel("#2 SMP Tue", "y")), true, true, false, true);
        assertChanged(keys(o, kernel("#1", "y")), keys(o, kernel("#1", "m")), true, true, false, true);
    }

    @Test
    void newBtfInvalidatesPass2() {
        SessionOptions o = SessionOptions.builder().build();
        List<String> before = keys(o, kernel("#1", "y"));
        btfHash = "btf-2";
        try {
            assertChanged(before, keys(o, kernel("#1", "y")), false, true, false, false);
        } finally {
            btfHash = "btf-1";
        }
    }

    @Test
    void buildFlagsAndCompilerOnlyPass4() {
        SessionOptions o = SessionOptions.builder().build();
        SessionOptions b = SessionOptions.builder().buildFlags(List.of("V=1")).build();
        assertChanged(keys(o, kernel("#1", "y")), keys(b, kernel("#1", "y")), false, false, false, true);
        StageKeys k1 = new StageKeys(o, () -> kernel("#1", "y"), List.of(), () -> "gcc 12");
        StageKeys k2 = new StageKeys(o, () -> kernel("#1", "y"), List.of(), () -> "gcc 13");
        FakeStage build = new FakeStage(Pass.BUILD, "kmod");
        assertNotEquals(k1.key(build, INPUT).hex(), k2.key(build, INPUT).hex());
    }

    @Test
    void includeDirContentsAndScriptArgsReachTheFrontEnd() throws Exception {
        Path inc = Files.createDirectories(tmp.resolve("inc"));
        Files.writeString(inc.resolve("m.stpm"), "@define X %( 1 %)");
        SessionOptions o = SessionOptions.builder().includeDirs(List.of(inc)).build();
        List<String> before = keys(o, kernel("#1", "y"));
        Files.writeString(inc.resolve("m.stpm"), "@define X %( 2 %)");
        assertChanged(before, keys(o, kernel("#1", "y")), true, true, false, false);
        SessionOptions a = SessionOptions.builder().includeDirs(List.of(inc)).scriptArgs(List.of("42")).build();
        assertChanged(keys(o, kernel("#1", "y")), keys(a, kernel("#1", "y")), true, true, false, false);
    }

    @Test
    void theLogNamesEveryInput() {
        SessionOptions o = SessionOptions.builder().defines(Map.of("A", "1")).build();
        String log = new StageKeys(o, () -> kernel("#7", "y"), List.of(), () -> "gcc 12")
                .key(new FakeStage(Pass.BUILD, "kmod"), INPUT).log();
        for (String s : new String[] {"stage: 4 s4/1 backend kmod", "input: sha256:", "-D: {A=1}",
                "kernel build (uname -v): #7", "kernel release: 6.1.0-9-test", "compiler: gcc 12"}) {
            assertTrue(log.contains(s), s + " in\n" + log);
        }
    }
}
