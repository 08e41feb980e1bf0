package org.jstap.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jstap.api.KernelInfo;
import org.jstap.api.SessionOptions;
import org.jstap.api.ast.Decl;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.ast.Stmt;
import org.jstap.api.diag.Codes;
import org.jstap.irtools.Glob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreprocessorTest {
    /** The names of the expression statements left in {@code probe begin { <body> }} after preprocessing. */
    private static List<String> kept(String body, String... args) {
        return Parsing.body(body, args).stream().map(s -> ScriptPrinter.print(((Stmt.ExprStmt) s).expr())).toList();
    }

    private static List<String> keptWith(SessionOptions o, java.util.function.Supplier<KernelInfo> k, String body) {
        Parsing.Result r = Parsing.run("probe begin { " + body + " }", o, k);
        assertNotNull(r.file(), r.rendered());
        return ((Decl.Probe) r.file().decls().get(0)).body().body().stream()
                .map(s -> ScriptPrinter.print(((Stmt.ExprStmt) s).expr())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        "kernel_v >= \"5.0\" => yes",
        "kernel_v == \"6.1\" => no",
        "kernel_v == \"6.1.0\" => yes",
        "kernel_v == \"6.1*\" => yes",
        "kernel_v > \"6.1\" => yes",
        "kernel_v >= \"6.01.0\" => yes",
        "kernel_v < \"6.10\" => yes",
        "kernel_v != \"6.1.0\" => no",
        "kernel_vr > \"6.1.0-50\" => yes",
        "kernel_vr < \"6.1.0-56-cloud-amd64x\" => yes",
        "kernel_vr <= \"6.1.0-56-cloud-amd64\" => yes",
        "arch == \"x86_64\" => yes",
        "arch == \"x86*\" => yes",
        "arch != \"x86*\" => no",
        "arch == \"i?86\" => no",
        "arch == \"[xy]86_64\" => yes",
        "runtime == \"kernel\" => yes",
        "systemtap_v >= \"4.8\" => yes",
        "systemtap_v < \"4.8\" => no",
        "systemtap_privilege == \"stapdev\" => yes",
        "guru_mode == 0 => yes",
        "guru_mode != 0 => no",
        "CONFIG_SMP == \"y\" => yes",
        "CONFIG_EXT4_FS == \"m\" => yes",
        "CONFIG_EXT4_FS != \"y\" => yes",
        "CONFIG_NOPE == \"y\" => no",
        "CONFIG_NOPE == \"\" => yes",
        "CONFIG_HZ == 250 => yes",
        "CONFIG_HZ > 100 => yes",
        "CONFIG_SMP == 1 => no",
        "CONFIG_DEFAULT_HOSTNAME == \"(none)\" => yes",
        "CONFIG_SMP == CONFIG_SMP => yes",
        "1 == 1 => yes",
        "2 > 10 => no",
        "-1 < 0 => yes",
        "\"a\" < \"b\" => yes",
        "$# == 2 => yes",
        "@# == \"2\" => yes",
        "$# < 1 => no",
        "@1 == \"one\" => yes",
        "1 == 0 && 1 == 0 || 1 == 1 => yes",
        "1 == 1 || 1 == 0 && 1 == 0 => yes",
        "1 == 1 && 1 == 0 => no",
        "1 == 0 || 1 == 0 => no",
    })
    void conditions(String condition, String expected) {
        assertEquals(List.of(expected), kept("%( " + condition + " %? yes %: no %)", "one", "two"));
    }

    @Test
    void elseIsOptionalAndConditionalsNest() {
        assertEquals(List.of("a", "b", "d"), kept("a %( 1 == 0 %? x %) b %( 1 == 1 %? %( 1 == 0 %? c %: d %) %: e %)"));
        assertEquals(List.of(), kept("%( 1 == 0 %? %( 1 == 1 %? c %: d %) x %)"));
    }

    @Test
    void conditionalsWorkAnywhereInTheTokenStream() {
        ScriptFile f = Parsing.ok("probe %( arch == \"x86_64\" %? begin %: end %) { x = %( $# > 0 %? $1 %: 5 %) }");
        assertEquals("begin", ((Decl.Probe) f.decls().get(0)).points().get(0).text());
        f = Parsing.ok("probe begin { x = 1 %( 1 == 1 %? + 2 %) }");
        assertEquals("(x) = ((1) + (2))", ScriptPrinter.print(((Decl.Probe) f.decls().get(0)).body().body().get(0)).replace(";", ""));
    }

    @Test
    void untakenBranchesAreNotExpanded() {
        // $2 and @undefined_macro are never looked at; a runaway token inside does not matter either.
        assertEquals(List.of("ok"), kept("%( $# >= 2 %? x = $2 + @nope(1) %: ok %)"));
    }

    @Test
    void kernelIsOnlyNeededWhenAsked() {
        SessionOptions o = SessionOptions.builder().build();
        int[] asked = {0};
        assertEquals(List.of("r"), keptWith(o, () -> { asked[0]++; return null; }, "%( runtime == \"kernel\" %? r %)"));
        assertEquals(0, asked[0]);
        // Short-circuit: the right side of || is not evaluated when the left is true.
        assertEquals(List.of("r"), keptWith(o, () -> { asked[0]++; return null; },
                "%( runtime == \"kernel\" || kernel_v > \"5\" %? r %)"));
        assertEquals(0, asked[0]);
        Parsing.Result r = Parsing.run("probe begin { %( kernel_v > \"5\" %? a %) }", o, () -> null);
        assertEquals(List.of(Codes.PREPROC_BAD_CONDITION), r.errorCodes());
        assertTrue(r.rendered().contains("needs the target kernel"), r.rendered());
        Parsing.Result thrown = Parsing.run("probe begin { %( CONFIG_X == \"y\" %? a %) }", o, () -> {
            throw new IllegalStateException("no kernel build tree");
        });
        assertTrue(thrown.rendered().contains("no kernel build tree"), thrown.rendered());
    }

    @Test
    void runtimeAndGuruComeFromTheOptions() {
        SessionOptions interp = SessionOptions.builder().runtime("interp").guru(true).build();
        assertEquals(List.of("i", "g"), keptWith(interp, () -> Parsing.KERNEL,
                "%( runtime == \"interp\" %? i %: k %) %( guru_mode == 1 %? g %)"));
    }

    @Test
    void badConditions() {
        for (String c : List.of("(arch == \"x\")", "!(arch == \"x\")", "foo == 5", "kernel_v >= 5", "", "arch ==",
                "arch == \"x\" &&", "f(1) == 1", "CONFIG_X86_64", "@defined($x)", "@# < 1", "kernel_v ~ \"x\"",
                "1 == 1 2", "1 == \"a\"", "0x == 1", "- a == 1")) {
            Parsing.Result r = Parsing.run("probe begin { %( " + c + " %? a %: b %) }");
            assertEquals(List.of(Codes.PREPROC_BAD_CONDITION), r.errorCodes(), c + "\n" + r.rendered());
        }
    }

    @Test
    void strayAndUnterminated() {
        assertEquals(List.of(Codes.PREPROC_STRAY), Parsing.errors("probe begin { x %) }"));
        assertEquals(List.of(Codes.PREPROC_STRAY), Parsing.errors("probe begin { x %: }"));
        assertEquals(List.of(Codes.PREPROC_STRAY), Parsing.errors("probe begin { %( 1 == 1 %? a %? b %) }"));
        assertEquals(Codes.PREPROC_UNTERMINATED, Parsing.errors("probe begin { %( 1 == 1 %? a }").get(0));
        assertEquals(Codes.PREPROC_UNTERMINATED, Parsing.errors("probe begin { %( 1 == 0 %? a }").get(0));
        assertEquals(Codes.PREPROC_UNTERMINATED, Parsing.errors("probe begin { %( 1 == 0 %? a %: b }").get(0));
        assertEquals(Codes.PREPROC_UNTERMINATED, Parsing.errors("probe begin { %( 1 == 0 ").get(0));
        assertEquals(Codes.PREPROC_UNTERMINATED, Parsing.errors("probe begin { %( 1 == 0 %) }").get(0));
    }

    @Test
    void oneElsePerConditionalAndNoGarbageCheckInUntakenBranches() {
        assertEquals(List.of(Codes.PREPROC_STRAY), Parsing.errors("probe begin { %( 1 == 1 %? x %: y %: z %) }"));
        assertEquals(List.of("x"), kept("x %( 1 == 0 %? ' garbage ` $ %)"));
        assertEquals(List.of(Codes.PREPROC_BAD_DEFINE), Parsing.errors("@define a %( 1 %) @define a %( 2 %) probe begin { }"));
    }

    @Test
    void scriptArguments() {
        Expr.Assign a = (Expr.Assign) Parsing.expr("x = $1 + $2", "40", "2");
        assertEquals(40, ((Expr.IntLit) ((Expr.Binary) a.value()).left()).value());
        Expr.Assign s = (Expr.Assign) Parsing.expr("x = @1 . @2", "a \"quoted\" \\ arg", "$2");
        assertEquals("a \"quoted\" \\ arg", ((Expr.StrLit) ((Expr.Binary) s.value()).left()).value());
        assertEquals("$2", ((Expr.StrLit) ((Expr.Binary) s.value()).right()).value());
        // $N is pasted as tokens: an identifier, an expression, even part of a probe point.
        assertEquals("(x) = (foo)", ScriptPrinter.print(Parsing.expr("x = $1", "foo")));
        assertEquals("(x) = ((1) + (2))", ScriptPrinter.print(Parsing.expr("x = $1", "1 + 2")));
        ScriptFile f = Parsing.ok("probe kernel.function(@1), timer.ms($2) {}", "vfs_read", "250");
        assertEquals("kernel.function(\"vfs_read\")", ((Decl.Probe) f.decls().get(0)).points().get(0).text());
        assertEquals("timer.ms(250)", ((Decl.Probe) f.decls().get(0)).points().get(1).text());
        assertEquals(2, ((Expr.IntLit) ((Expr.Assign) Parsing.expr("x = $#", "a", "b")).value()).value());
        assertEquals("2", ((Expr.StrLit) ((Expr.Assign) Parsing.expr("x = @#", "a", "b")).value()).value());
    }

    @Test
    void missingArguments() {
        Parsing.Result r = Parsing.run("probe begin { x = $1 + 1; y = @2 }");
        assertEquals(List.of("preproc.missing.argument@1:19", "preproc.missing.argument@1:31"), r.errorsAt());
        assertEquals(List.of(Codes.PARSE_BAD_CHAR), Parsing.errors("probe begin { x = $1 }", "`"));
    }

    @Test
    void macros() {
        ScriptFile f = Parsing.ok("@define max(a, b) %( ((@a) > (@b) ? (@a) : (@b)) %)\n"
                + "@define square(x) %( ((@x) * (@x)) %)\n@define ONE %( 1 %)\n@define twice(e) %( @square(@e) + @square(@e) %)\n"
                + "probe begin { printf(\"%d %d\\n\", @max(3, 7), @square(1 + 2)); y = @ONE + @twice(@ONE); z = @max(f(1, 2), [1] in a) }");
        List<Stmt> b = ((Decl.Probe) f.decls().get(0)).body().body();
        assertEquals("printf(\"%d %d\\n\", ((3) > (7)) ? (3) : (7), ((1) + (2)) * ((1) + (2)))", ScriptPrinter.print(((Stmt.ExprStmt) b.get(0)).expr()));
        assertEquals("(y) = (((1) + ((1) * (1))) + ((1) * (1)))", ScriptPrinter.print(((Stmt.ExprStmt) b.get(1)).expr()));
        assertEquals("(z) = (((f(1, 2)) > ([1] in a)) ? (f(1, 2)) : ([1] in a))", ScriptPrinter.print(((Stmt.ExprStmt) b.get(2)).expr()));
    }

    @Test
    void macrosExpandBeforeConditionsAreEvaluated() {
        assertEquals(List.of("new"), kept("@define is_new %( kernel_v >= \"5.0\" %) %( @is_new %? new %: old %)"));
        assertEquals(List.of("x"), kept("@define pick(c, a, b) %( %( @c == 1 %? @a %: @b %) %) @pick(1, x, y)"));
    }

    @Test
    void macroSpansPointAtTheDefinition() {
        Parsing.Result r = Parsing.run("@define bad %( x = = %)\nprobe begin { @bad }");
        assertEquals(List.of("parse.expected.expression@1:20"), r.errorsAt());
    }

    @Test
    void macroErrors() {
        assertEquals(List.of(Codes.PREPROC_UNKNOWN_MACRO), Parsing.errors("probe begin { x = @nosuch(1) }"));
        assertEquals(List.of(Codes.PARSE_BAD_AT_OPERATOR), Parsing.errors("probe begin { x = @avgg(s) }"));
        assertEquals(List.of(Codes.PREPROC_RECURSIVE_MACRO), Parsing.errors("@define f %( (1 + @f) %) probe begin { println(@f) }"));
        assertEquals(List.of(Codes.PREPROC_RECURSIVE_MACRO),
                Parsing.errors("@define a(x) %( @b(@x) %) @define b(x) %( @a(@x) %) probe begin { println(@a(1)) }"));
        assertEquals(List.of(Codes.PREPROC_MACRO_ARITY), Parsing.errors("@define add(a, b) %( @a + @b %) probe begin { x = @add(1) }"));
        assertEquals(List.of(Codes.PREPROC_MACRO_ARITY), Parsing.errors("@define add(a, b) %( @a + @b %) probe begin { x = @add(1, 2, 3) }"));
        assertEquals(List.of(Codes.PREPROC_MACRO_ARITY), Parsing.errors("@define neg(x) %( -@x %) probe begin { x = @neg() }"));
        assertEquals(List.of(Codes.PREPROC_MACRO_ARITY), Parsing.errors("@define neg(x) %( -@x %) probe begin { x = @neg + 1 }"));
        assertEquals(List.of(Codes.PREPROC_MACRO_ARITY), Parsing.errors("@define ONE %( 1 %) probe begin { x = @ONE(5) }"));
        assertEquals(List.of(Codes.PREPROC_MACRO_ARITY), Parsing.errors("@define f(a) %( @a %) probe begin { x = @f(1 }"));
        for (String bad : List.of("@define %( 1 %)", "@define 1x %( 1 %)", "@define if %( 1 %)", "@define f() %( 1 %)",
                "@define f(a,) %( 1 %)", "@define f(1) %( 1 %)", "@define f(a b) %( 1 %)", "@define f(a, a) %( @a %)",
                "@define f 1", "@define f %( 1 ")) {
            Parsing.Result r = Parsing.run(bad + "\nprobe begin { }");
            assertEquals(Codes.PREPROC_BAD_DEFINE, r.errorCodes().get(0), bad + "\n" + r.rendered());
        }
    }

    @Test
    void macrosMayShadowOperatorNames() {
        assertEquals("(x) = (((3) > (7)) ? (3) : (7))",
                ScriptPrinter.print(Parsing.expr("@define max(a, b) %( (@a > @b ? @a : @b) %) x = @max(3, 7)")));
        assertEquals("(x) = ((2) * (2))",
                ScriptPrinter.print(Parsing.expr("@define dbl(count) %( (@count * @count) %) x = @dbl(2)")));
    }

    @Test
    void macroLibrariesFromIncludeDirsAreGlobal(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/lib.stpm"), "@define libmax(a, b) %( (@a > @b ? @a : @b) %)\n");
        Files.writeString(dir.resolve("ignored.stp"), "@define notlib %( 1 %)\n");
        SessionOptions o = SessionOptions.builder().includeDirs(List.of(dir, dir.resolve("missing"))).build();
        assertEquals(List.of("(x) = (((1) > (2)) ? (1) : (2))"), keptWith(o, () -> null, "x = @libmax(1, 2)"));
        Parsing.Result r = Parsing.run("probe begin { x = @notlib }", o, () -> null);
        assertEquals(List.of(Codes.PREPROC_UNKNOWN_MACRO), r.errorCodes());
    }

    @Test
    void macroLibrariesFromTheClassPathIndex() {
        // src/test/resources/tapset/INDEX lists test/macros.stpm, which defines @from_classpath.
        assertEquals(List.of("(x) = (42)"), kept("x = @from_classpath"));
    }

    @Test
    void userMacrosAreLocalToTheScript() {
        Parsing.ok("@define mymacro %( 1 %) probe begin { x = @mymacro }");
        assertEquals(List.of(Codes.PREPROC_UNKNOWN_MACRO), Parsing.errors("probe begin { x = @mymacro }"));
    }

    @Test
    void conditionEvaluatorPieces() {
        assertTrue(ConditionEvaluator.compareVersions("6.1.0", "6.1") > 0);
        assertTrue(ConditionEvaluator.compareVersions("6.10", "6.9") > 0);
        assertEquals(0, ConditionEvaluator.compareVersions("6.01", "6.1"));
        assertTrue(ConditionEvaluator.compareVersions("5.4.0-rc1", "5.4.0-rc2") < 0);
        assertTrue(Glob.compile("x86*").matches("x86_64"));
        assertTrue(Glob.compile("[!a]86_64").matches("x86_64"));
        assertTrue(Glob.compile("a.b").matches("a.b"));
        assertTrue(!Glob.compile("a.b").matches("axb"));
        assertTrue(Glob.compile("[x").matches("[x"));
    }

    @Test
    void configKeysWithoutPrefixAreFound() {
        KernelInfo k = new KernelInfo("5.10.0", "#1", "aarch64", Map.of("PREEMPT", "y"), null, null);
        assertEquals(List.of("p", "arm"), keptWith(SessionOptions.builder().build(), () -> k,
                "%( CONFIG_PREEMPT == \"y\" %? p %) %( arch == \"aarch64\" %? arm %)"));
        assertNull(null);
    }
}
