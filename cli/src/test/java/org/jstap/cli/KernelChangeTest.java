package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jstap.api.KernelInfo;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.debuginfo.DebugInfoProvider;
import org.jstap.api.spi.JstapModule;
import org.jstap.api.spi.KernelLocator;
import org.jstap.api.spi.Registry;
import org.jstap.cli.cache.StageCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real passes 1-3 over a fake kernel whose build string and BTF the test changes between runs. */
class KernelChangeTest {
    static volatile String version = "#1 SMP 2026-01-01";
    static volatile String btf = "btf-a";

    public static final class FakeKernel implements KernelLocator {
        public Optional<KernelInfo> locate(String releaseOrDir) {
            return Optional.of(new KernelInfo("6.1.0-99-test", version, "x86_64", Map.of("CONFIG_SMP", "y"),
                    Path.of("/nonexistent"), null));
        }
    }

    public static final class FakeBtf implements DebugInfoProvider {
        public String name() { return "btf"; }
        public Optional<DebugInfo> kernel(KernelInfo k) {
            return Optional.of((DebugInfo) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {DebugInfo.class}, (p, m, a) -> switch (m.getName()) {
                        case "hash" -> btf;
                        case "format" -> "btf";
                        case "owner" -> "kernel";
                        case "functionNames", "tracepointNames" -> List.of();
                        default -> null;
                    }));
        }
        public Optional<DebugInfo> module(KernelInfo k, String m) { return Optional.empty(); }
    }

    public static final class FakeKernelModule extends JstapModule {
        @Override protected void configure() {
            contributeKernelLocator(FakeKernel.class);
            contributeDebugInfoProvider(FakeBtf.class);
        }
    }

    @TempDir Path tmp;

    @SuppressWarnings("unchecked")
    private static Registry registry() {
        try {
            return TestRegistries.of(
                    (Class<? extends JstapModule>) Class.forName("org.jstap.parse.ParseModule"),
                    (Class<? extends JstapModule>) Class.forName("org.jstap.elaborate.ElaborateModule"),
                    (Class<? extends JstapModule>) Class.forName("org.jstap.translate.TranslateModule"),
                    FakeKernelModule.class);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private List<String> cachedPasses(Registry r) {
        CliRun run = CliRun.run(r, "", Map.of(StageCache.ENV_DIR, tmp.toString()), "-v", "-p3", "-e",
                "probe begin { printf(\"%d\\n\", 1); exit() }");
        assertEquals(0, run.status(), run.err());
        return run.err().lines().filter(l -> l.matches("Pass \\d: using cached .*")).map(l -> l.substring(5, 6)).toList();
    }

    @Test
    void aRebuiltKernelOrNewBtfMissesTheFrontEnd() {
        Registry r = registry();
        assumeTrue(r != null, "real stages not on the class path");
        version = "#1 SMP 2026-01-01";
        btf = "btf-a";
        assertEquals(List.of(), cachedPasses(r));
        assertEquals(List.of("1", "2", "3"), cachedPasses(r));

        version = "#2 SMP 2026-02-02"; // same release, new build: nothing kernel-dependent is reused
        // pass 3 reads only the IR, and a begin probe's IR does not depend on the kernel: same input, a hit
        assertEquals(List.of("3"), cachedPasses(r));

        btf = "btf-b"; // new debug info: pass 2 again
        assertEquals(List.of("1", "3"), cachedPasses(r));
        assertEquals(List.of("1", "2", "3"), cachedPasses(r));
    }
}
