package org.jstap.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.artefact.ModuleManifest;
import org.jstap.api.spi.Registry;
import org.jstap.cli.cache.StageCache;

/**
 * The training run {@code bin/jstap} records its class-data archive from: the paths a short run takes, in one JVM,
 * over a private cache so the user's cache state does not decide what gets archived. Pass 1 uncached, cached and
 * with its printed result replayed; a module artefact written, checked and read as a cached {@code -p4} reads
 * it; the pass 2-4 cache keys of the real stages against the kernel pass 4 would use. Prints nothing.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("guice_bytecode_gen_option", "DISABLED");
        Path cache = Files.createTempDirectory("jstap-cds-training");
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        PrintStream realOut = System.out;
        try {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put(StageCache.ENV_DIR, cache.toString());
            String script = "global hits[16]; function f(x:long) { return x * 2 + 1 }\n"
                    + "probe begin { hits[\"a\", 1] <<< f(2); foreach ([k, n] in hits- limit 3) printf(\"%s %d\\n\", k,"
                    + " @count(hits[k, n]));\n if (f(1) > 2 && \"x\" . \"y\" == \"xy\") { try { exit() } catch (e) {"
                    + " println(e) } } }\n";
            Registry registry = Registry.discover(CdsTraining.class.getClassLoader());
            System.setOut(none); // the printed-result replay writes to the JVM's stdout only
            for (int i = 0; i < 3; i++) run(env, registry, none, "-p1", "-e", script);
            run(env, registry, none, "-vv", "-p1", "-e", script);
            moduleRoundTrip();
            // the keys of passes 2-4 (kernel, BTF hash, compiler), without running pass 2: a hit's path up to pass 4
            org.jstap.api.SessionOptions o = org.jstap.api.SessionOptions.builder().build();
            org.jstap.api.KernelInfo kernel = installedKernel(registry);
            var keys = new org.jstap.cli.cache.StageKeys(o, () -> kernel, List.copyOf(registry.debugInfos()),
                    () -> "training");
            for (var s : registry.stages()) keys.key(s, new byte[] {1});
        } finally {
            System.setOut(realOut);
            try (var walk = Files.walk(cache)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The first kernel with a build tree, as a kmod pass 4 would find one; null when there is none. */
    private static org.jstap.api.KernelInfo installedKernel(Registry registry) {
        try (var releases = Files.list(Path.of("/lib/modules"))) {
            for (Path r : releases.sorted().toList()) {
                for (var l : registry.kernelLocators()) {
                    var k = l.locate(r.getFileName().toString());
                    if (k.isPresent()) return k.get();
                }
            }
        } catch (IOException | RuntimeException e) {
            // no kernel: the keys are made without one
        }
        return null;
    }

    private static void run(Map<String, String> env, Registry registry, PrintStream sink, String... args) {
        new Main(new ByteArrayInputStream(new byte[0]), sink, sink, env, () -> registry).run(args);
    }

    private static void moduleRoundTrip() throws IOException, org.jstap.api.artefact.ArtefactException {
        byte[] ko = new byte[4096];
        ko[0] = 0x7f;
        ko[1] = 'E';
        ko[2] = 'L';
        ko[3] = 'F';
        ModuleArtefact m = new ModuleArtefact(new ArtefactHeader(ModuleArtefact.FORMAT_VERSION, ModuleArtefact.KIND,
                "training", "1", "0".repeat(64)), new ModuleManifest("jstap_training", "jstap_training.ko", "r", "b",
                "x86_64", "v", "0".repeat(16), List.of(), List.of("begin")), ko);
        ArtefactFiles.Kind kind = ArtefactFiles.forType(ModuleArtefact.class).orElseThrow();
        byte[] bytes = ArtefactFiles.encode(kind, m);
        ArtefactFiles.decode(kind, bytes);
    }
}
