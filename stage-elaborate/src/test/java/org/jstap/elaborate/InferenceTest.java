package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.IrVar;
import org.junit.jupiter.api.Test;

/** Type inference: types flow backwards, across probes, through calls and returns, into array keys. */
class InferenceTest {
    static IrProgram ok(String script) {
        Elab.Out o = Elab.run(script);
        assertTrue(o.ok(), o.rendered());
        return o.program();
    }

    static IrType local(IrProbe p, String name) {
        for (IrVar v : p.locals()) if (v.name().equals(name)) return v.type();
        throw new AssertionError("no local " + name + " in " + p.locals());
    }

    static IrGlobal global(IrProgram p, String name) {
        for (IrGlobal g : p.globals()) if (g.name().equals(name)) return g;
        throw new AssertionError("no global " + name);
    }

    static IrFunction function(IrProgram p, String name) {
        for (IrFunction f : p.functions()) if (f.name().equals(name)) return f;
        throw new AssertionError("no function " + name);
    }

    @Test
    void backwardsWithinAProbe() {
        IrProgram p = ok("probe begin { x = y; y = \"s\"; println(x) }");
        assertEquals(IrType.STRING, local(p.probes().get(0), "x"));
        assertEquals(IrType.STRING, local(p.probes().get(0), "y"));
    }

    @Test
    void acrossProbesThroughGlobals() {
        IrProgram p = ok("global g, h\nprobe end { h = g; println(h) }\nprobe begin { g = strlen(\"ab\") }");
        assertEquals(IrType.LONG, global(p, "g").type());
        assertEquals(IrType.LONG, global(p, "h").type());
    }

    @Test
    void parametersFromCallersAndReturnsFromBodies() {
        IrProgram p = ok("function cat(a, b) { return a . b }\nfunction fib(n) { if (n < 2) return n; return fib(n-1) + fib(n-2) }\n"
                + "probe begin { println(cat(\"x\", \"y\"), fib(10)) }");
        IrFunction cat = function(p, "cat");
        assertEquals(IrType.STRING, cat.returnType());
        assertEquals(List.of(IrType.STRING, IrType.STRING), cat.params().stream().map(IrVar::type).toList());
        assertEquals(IrType.LONG, function(p, "fib").returnType());
    }

    @Test
    void voidFunctionsAndOverloadsByArity() {
        IrProgram p = ok("function say(s) { println(s) }\nfunction f(a) { return a }\nfunction f(a, b) { return a + b }\n"
                + "probe begin { say(\"hi\"); println(f(1) + f(1, 2)) }");
        assertEquals(IrType.VOID, function(p, "say").returnType());
        assertEquals(2, p.functions().stream().filter(f -> f.name().equals("f")).count());
        assertTrue(p.functions().stream().anyMatch(f -> f.id().equals("f__2")), p.functions().toString());
    }

    @Test
    void arrayKeysFromForeachAndValuesFromUse() {
        IrProgram p = ok("global a\nprobe begin { a[\"x\", 1] = \"v\" }\nprobe end { foreach ([k, n] in a) printf(\"%s %d %s\\n\", k, n, a[k, n]) }");
        IrGlobal a = global(p, "a");
        assertEquals(List.of(IrType.STRING, IrType.LONG), a.keyTypes());
        assertEquals(IrType.STRING, a.type());
    }

    @Test
    void statisticsAndTheirExtractors() {
        IrProgram p = ok("global s, t\nprobe begin { s <<< 3; t[1] <<< 4 }\nprobe end { println(@avg(s), @count(t[1])); print(@hist_linear(s, 0, 100, 10)) }");
        assertEquals(IrType.STATS, global(p, "s").type());
        assertTrue(global(p, "s").statFns().contains("@avg"));
        assertEquals(1, global(p, "s").histograms().size());
        assertEquals(List.of(IrType.LONG), global(p, "t").keyTypes());
    }

    @Test
    void writtenButNeverReadGlobalsAreDisplayedAtEnd() {
        IrProgram p = ok("global count, names\nprobe begin { count = 3; names[\"a\"] = \"b\" }");
        IrProbe last = p.probes().get(p.probes().size() - 1);
        assertEquals("end", last.point());
        assertTrue(last.body().body().size() == 2, last.body().toString());
    }

    @Test
    void targetVariablesAreTypedFromBtf() {
        IrProgram p = ok("probe kernel.function(\"vfs_read\") { f = $file; n = $count; s = kernel_string($file->f_path->dentry->d_name->name); printf(\"%d %d %s\\n\", f, n, s) }");
        IrProbe pr = p.probes().get(0);
        assertEquals(IrType.LONG, local(pr, "f"));
        assertEquals(IrType.STRING, local(pr, "s"));
        assertNotNull(pr.site());
    }

    @Test
    void constantsAreFolded() {
        IrProgram p = ok("probe begin { x = 3 + 4 * 2; printf(\"%d %s\\n\", x, \"a\" . \"b\") }");
        String body = p.probes().get(0).body().toString();
        assertTrue(body.contains("IntConst[span=") && body.contains("value=11"), body);
        assertTrue(body.contains("value=ab"), body);
    }
}
