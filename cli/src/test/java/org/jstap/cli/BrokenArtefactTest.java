package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jstap.api.Pass;
import org.jstap.api.spi.Registry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 2: an {@code ir.json} given with {@code --from} is untrusted. Mutants made from a valid one (each
 * field removed, nulled, given the wrong type, an unknown enum value, a slot or name that points nowhere) must each
 * end with a clean diagnostic (exit 1, {@code artefact.invalid} naming the file) or a normal run: never an internal
 * error, never a hang. Guru-only constructs are checked again against the current options.
 */
class BrokenArtefactTest {
    private static Registry registry;
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String SCRIPT = "global a[10], s, n\n"
            + "function f(x, y:string) { if (x > 2) return x * 2; else return strlen(y) }\n"
            + "probe begin { a[1] = 2; a[3] = f(3, \"ab\"); s <<< 4; n++\n"
            + "  foreach (k in a- limit 5) printf(\"%d=%d\\n\", k, a[k])\n"
            + "  try { x = 1 / 0 } catch (m) { println(m) }\n"
            + "  i = 0; while (i < 3) { i++ }\n"
            + "  printf(\"%s %d %d\\n\", sprint(@count(s)), i, 1 in a ? 1 : 0); exit() }\n"
            + "probe end { delete a; println(n) }\n";

    @BeforeAll
    static void discover() {
        registry = Registry.discover(BrokenArtefactTest.class.getClassLoader());
    }

    @Test
    void everyBrokenIrGivesACleanDiagnostic(@TempDir Path dir) throws Exception {
        assumeTrue(registry.stage(Pass.ELABORATE, "kmod").isPresent(), "no pass 2 on the class path");
        CliRun made = CliRun.run(registry, "--disable-cache", "-p2", "--emit=" + dir, "-e", SCRIPT);
        assertEquals(0, made.status(), made.err());
        JsonNode valid = JSON.readTree(dir.resolve("ir.json").toFile());
        List<Mutant> mutants = mutants(valid);
        assertTrue(mutants.size() > 500, "mutants: " + mutants.size());
        Path f = dir.resolve("broken-ir.json");
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "broken-ir");
            t.setDaemon(true);
            return t;
        });
        List<String> problems = new ArrayList<>();
        int refused = 0;
        try {
            for (Mutant m : mutants) {
                Files.writeString(f, JSON.writeValueAsString(m.tree()));
                for (List<String> args : List.of(List.of("--disable-cache", "-p3", "--from=" + f),
                        List.of("--disable-cache", "--runtime=interp", "--from=" + f))) {
                    Future<CliRun> run = pool.submit(() -> CliRun.run(registry, args.toArray(String[]::new)));
                    CliRun r;
                    try {
                        r = run.get(20, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        run.cancel(true);
                        fail("hang: " + m.what() + " with " + args);
                        return;
                    }
                    String err = r.err();
                    if (err.contains("internal error") || err.contains("Exception") || (r.status() != 0 && r.status() != 1)) {
                        problems.add(m.what() + " " + args.get(1) + ": " + err.lines().findFirst().orElse(""));
                    } else if (err.contains("[artefact.invalid]")) {
                        refused++;
                        if (!err.contains("broken-ir.json")) problems.add(m.what() + ": the message names no file: " + err);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + mutants.size() + " mutants end badly, e.g.:\n"
                    + String.join("\n", problems.subList(0, Math.min(25, problems.size()))));
        }
        assertTrue(refused > mutants.size() / 2, refused + " clean refusals of " + mutants.size() + " mutants");
    }

    @Test
    void guruConstructsNeedGuruAgain(@TempDir Path dir) throws Exception {
        assumeTrue(registry.stage(Pass.ELABORATE, "kmod").isPresent(), "no pass 2 on the class path");
        String[] scripts = {
                "%{ #include <linux/sched.h> %}\nprobe begin { exit() }",
                "function g:long () %{ STAP_RETVALUE = 1; %}\nprobe begin { println(g()); exit() }",
                "probe begin { x = %{ 42 %}; println(x); exit() }",
                "probe kernel.function(\"vfs_read\") { $count = 0 }"};
        for (String script : scripts) {
            Path d = Files.createDirectories(dir.resolve("s" + script.hashCode()));
            CliRun made = CliRun.run(registry, "--disable-cache", "-gp2", "--emit=" + d, "-e", script);
            if (made.status() != 0 && script.contains("vfs_read")) continue; // no kernel debug info here
            assertEquals(0, made.status(), script + ": " + made.err());
            CliRun noGuru = CliRun.run(registry, "--disable-cache", "-p3", "--from=" + d.resolve("ir.json"));
            assertEquals(1, noGuru.status(), script + ": " + noGuru.out());
            assertTrue(noGuru.err().matches("(?s).*needs guru mode \\[sem\\.(embedded|target\\.write)\\.needs\\.guru].*"),
                    script + ": " + noGuru.err());
            CliRun guru = CliRun.run(registry, "--disable-cache", "-gp3", "--from=" + d.resolve("ir.json"));
            assertEquals(0, guru.status(), script + ": " + guru.err());
        }
        // tapset embedded C is the library's own: no -g needed
        Path d = Files.createDirectories(dir.resolve("lib"));
        assertEquals(0, CliRun.run(registry, "--disable-cache", "-p2", "--emit=" + d, "-e",
                "probe begin { println(pid()); exit() }").status());
        CliRun lib = CliRun.run(registry, "--disable-cache", "-p3", "--from=" + d.resolve("ir.json"));
        assertEquals(0, lib.status(), lib.err());
    }

    @Test
    void probeIdAndPointCannotCloseACComment(@TempDir Path dir) throws Exception {
        assumeTrue(registry.stage(Pass.TRANSLATE, "kmod").isPresent(), "no pass 3 on the class path");
        assertEquals(0, CliRun.run(registry, "--disable-cache", "-p2", "--emit=" + dir, "-e",
                "probe begin { exit() }").status());
        ObjectNode ir = (ObjectNode) JSON.readTree(dir.resolve("ir.json").toFile());
        ObjectNode probe = (ObjectNode) ir.path("program").path("probes").get(0);
        probe.put("point", "begin */ int evil; /*");
        probe.put("origin", "begin */ int evil2; /*");
        Path f = dir.resolve("evil-ir.json");
        Files.writeString(f, JSON.writeValueAsString(ir));
        CliRun r = CliRun.run(registry, "--disable-cache", "-p3", "--from=" + f);
        assertEquals(0, r.status(), r.err());
        String code = r.out().replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\""); // inside a string literal */ is text
        assertFalse(code.contains("*/ int evil"), "a comment closed by the artefact's text:\n" + r.out());
        probe.put("id", "probe_0 */ int evil3; /*");
        Files.writeString(f, JSON.writeValueAsString(ir));
        CliRun id = CliRun.run(registry, "--disable-cache", "-p3", "--from=" + f);
        assertEquals(1, id.status(), id.out());
        assertTrue(id.err().contains("program.probes[0].id") && id.err().contains("[artefact.invalid]"), id.err());
    }

    record Mutant(String what, JsonNode tree) {}

    /** Each field of the valid tree, mutated in turn (one mutation per mutant). */
    static List<Mutant> mutants(JsonNode valid) {
        List<Mutant> out = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        collect(valid, "", paths);
        JsonNodeFactory nf = JsonNodeFactory.instance;
        for (String p : paths) {
            JsonNode v = at(valid, p);
            String field = p.substring(p.lastIndexOf('/') + 1);
            // removing a list element (a probe, a statement) is a valid, different program: remove fields only
            if (!Character.isDigit(field.charAt(0))) add(out, valid, p, "remove", null, true);
            add(out, valid, p, "null", nf.nullNode(), false);
            if (v.isNumber()) {
                add(out, valid, p, "string for number", nf.textNode("x"), false);
                if (field.equals("slot")) {
                    add(out, valid, p, "slot+1000", nf.numberNode(v.asInt() + 1000), false);
                    add(out, valid, p, "slot -1", nf.numberNode(-1), false);
                }
                if (field.startsWith("period") || field.equals("jiffies")) add(out, valid, p, "zero", nf.numberNode(0), false);
            } else if (v.isTextual()) {
                add(out, valid, p, "number for string", nf.numberNode(7), false);
                add(out, valid, p, "unknown value", nf.textNode("BOGUS_" + v.asText()), false);
            } else if (v.isBoolean()) {
                add(out, valid, p, "string for boolean", nf.textNode("yes"), false);
            } else if (v.isObject()) {
                add(out, valid, p, "array for object", nf.arrayNode(), false);
                add(out, valid, p, "empty object", nf.objectNode(), false);
            } else if (v.isArray()) {
                add(out, valid, p, "object for array", nf.objectNode(), false);
                if (v.size() > 0) add(out, valid, p, "null element", nf.arrayNode().add(nf.nullNode()), false);
            }
        }
        return out;
    }

    private static void collect(JsonNode n, String path, List<String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                String p = path + "/" + e.getKey();
                out.add(p);
                collect(e.getValue(), p, out);
            });
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                String p = path + "/" + i;
                out.add(p);
                collect(n.get(i), p, out);
            }
        }
    }

    private static JsonNode at(JsonNode root, String path) {
        return root.at(path);
    }

    private static void add(List<Mutant> out, JsonNode valid, String path, String what, JsonNode value, boolean remove) {
        JsonNode copy = valid.deepCopy();
        int cut = path.lastIndexOf('/');
        JsonNode parent = copy.at(path.substring(0, cut));
        String key = path.substring(cut + 1);
        if (parent instanceof ObjectNode o) {
            if (remove) o.remove(key);
            else o.set(key, value);
        } else if (parent instanceof ArrayNode a) {
            int i = Integer.parseInt(key);
            if (remove) a.remove(i);
            else a.set(i, value);
        } else {
            return;
        }
        out.add(new Mutant(what + " at " + path, copy));
    }
}
