package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code process("P").function("F")[.return]} target variables from a program this test compiles with
 * {@code gcc -g -O1}: the {@code -L} listing (stap 4.8's spelling of the types), pass 2 accepting {@code $param},
 * {@code $$parms}, {@code $return}, {@code @entry}, and the errors for what has no value (a struct or double
 * returned, a stripped copy of the program). The expected listing is what {@code stap -L} prints for the same
 * program, less stap's {@code @FILE:LINE} in the point (jstap's points keep the name as written) and with
 * {@code $return} last, as jstap lists kernel functions' (stap lists it first).
 */
class ProcessFunctionVarsTest {
    static final String SOURCE = String.join("\n",
            "struct pair { int lo, hi; };",
            "struct node { struct pair *p; char name[8]; };",
            "__attribute__((noinline)) long f(long x, unsigned int u, const char *s, struct node *n)",
            "{ __asm__ volatile(\"\" ::: \"memory\"); return x + u + s[0] + n->p->lo; }",
            "__attribute__((noinline)) struct pair g(int v) { struct pair p = { v, v + 1 }; return p; }",
            "__attribute__((noinline)) double h(double d) { return d * 2; }",
            "__attribute__((noinline)) void *k(void) { return 0; }",
            "int main(int argc, char **argv)",
            "{ struct pair p = { 1, 2 }; struct node n = { &p, \"x\" };",
            "  return (int)f(argc, 2, argv[0], &n) + g(argc).lo + (int)h(argc) + (k() != 0); }", "");

    @TempDir
    static Path dir;
    static Path prog, stripped;

    @BeforeAll
    static void compile() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("s.c"), SOURCE);
        prog = dir.resolve("s");
        stripped = dir.resolve("s-stripped");
        run("gcc", "-g", "-O1", "-fno-omit-frame-pointer", "-o", prog.toString(), "s.c");
        run("strip", "-o", stripped.toString(), prog.toString());
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no " + cmd[0] + ": " + e.getMessage());
            return;
        }
        String log = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, cmd[0] + " failed: " + log);
    }

    private static String point(Path file, String fn) {
        return "process(\"" + file + "\").function(\"" + fn + "\")";
    }

    @Test
    void theListingSpellsTheDwarfTypesAsStap() {
        StringBuilder got = new StringBuilder();
        for (String fn : new String[] {"f", "g", "h", "k", "main"}) got.append(Elab.list(point(prog, fn), "L").printed());
        got.append(Elab.list(point(prog, "g") + ".return", "L").printed());
        got.append(Elab.list(point(prog, "k") + ".return", "L").printed());
        String p = point(prog, "");
        String pre = p.substring(0, p.length() - 2);
        assertEquals(pre + "f\") $x:long int $u:unsigned int $s:char const* $n:struct node*\n"
                + pre + "g\") $v:int $p:struct pair\n"
                + pre + "h\") $d:double\n"
                + pre + "k\")\n"
                + pre + "main\") $argc:int $argv:char** $p:struct pair $n:struct node\n"
                + pre + "g\").return $v:int $p:struct pair $return:struct pair\n"
                + pre + "k\").return $return:void*\n", got.toString());
    }

    @Test
    void parametersReturnValuesAndEntryValuesElaborate() {
        Elab.Out o = Elab.run("probe " + point(prog, "f") + " { printf(\"%d %d %s %p\\n\", $x, $u, user_string($s), $n) "
                + "println($$parms, $$vars, $$locals) }\n"
                + "probe " + point(prog, "k") + ".return { println($return, $$return) }\n"
                + "probe " + point(prog, "f") + ".return { println($return, @entry($x), $x, $$parms) }");
        assertTrue(o.ok(), o.rendered());
    }

    @Test
    void aStructOrDoubleReturnedIsAClearError() {
        Elab.Out g = Elab.run("probe " + point(prog, "g") + ".return { println($return) }");
        assertTrue(g.codes().contains("sem.target.var.context") && g.rendered().contains("returns struct pair"),
                g.rendered());
        Elab.Out h = Elab.run("probe " + point(prog, "h") + ".return { println($return) }");
        assertTrue(h.rendered().contains("floating-point register"), h.rendered());
    }

    @Test
    void aStrippedProgramNamesWhatIsMissing() {
        Elab.Out o = Elab.run("probe " + point(stripped, "f") + " { println($x) }");
        // a stripped program keeps no .symtab: f is not found at all; a program with symbols but no DWARF is the
        // case the message is for (its libc functions of a static build, /bin/bash's exported ones)
        Elab.Out bash = Elab.run("probe process(\"/bin/bash\").function(\"readline\") { println($prompt) }");
        Assumptions.assumeTrue(Files.exists(Path.of("/bin/bash")), "no /bin/bash");
        assertTrue(bash.codes().contains("sem.needs.dwarf"), bash.rendered());
        assertTrue(bash.rendered().contains("-g") && bash.rendered().contains("-dbgsym"), bash.rendered());
        assertTrue(!o.ok(), o.rendered());
    }
}
