package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jstap.api.SessionOptions;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One script per pass-2 diagnostic code: the code is reported (errors also fail the pass). */
class SemanticErrorsTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Codes.SEM_UNRESOLVED_FUNCTION, "probe begin { foo() }"),
                Arguments.of(Codes.SEM_UNRESOLVED_PROBE, "probe foo.bar { println(1) }"),
                Arguments.of(Codes.SEM_UNRESOLVED_PROBE, "probe kernel.function(\"no_such_function_xyz\") { println(1) }"),
                Arguments.of(Codes.SEM_UNRESOLVED_VARIABLE, "probe begin { println(x) }"),
                Arguments.of(Codes.SEM_UNKNOWN_TARGET_VAR, "probe kernel.function(\"vfs_read\") { println($nosuch) }"),
                Arguments.of(Codes.SEM_UNKNOWN_TARGET_VAR, "probe kernel.function(\"vfs_read\") { println($file->no_member) }"),
                Arguments.of(Codes.SEM_ARITY, "function f(a) { return a } probe begin { println(f(1, 2)) }"),
                Arguments.of(Codes.SEM_TYPE_MISMATCH, "probe begin { x = 1; x = \"s\"; println(x) }"),
                Arguments.of(Codes.SEM_TYPE_MISMATCH, "function f(a) { return a + 1 } probe begin { println(f(\"s\")) }"),
                Arguments.of(Codes.SEM_ARRAY_AS_SCALAR, "global a; probe begin { a[1] = 1; println(a) }"),
                Arguments.of(Codes.SEM_SCALAR_AS_ARRAY, "global a; probe begin { a = 1; a[1] = 2; println(a) }"),
                Arguments.of(Codes.SEM_INDEX_ARITY, "global a; probe begin { a[1] = 1; a[1, 2] = 2 }"),
                Arguments.of(Codes.SEM_FOREACH_NOT_ARRAY, "global x; probe begin { x = 1; foreach (k in x) println(k) }"),
                Arguments.of(Codes.SEM_EMBEDDED_NEEDS_GURU, "function f:long () %{ STAP_RETVALUE = 1; %} probe begin { println(f()) }"),
                Arguments.of(Codes.SEM_TARGET_WRITE_NEEDS_GURU, "probe kernel.function(\"vfs_read\") { $count = 0 }"),
                Arguments.of(Codes.SEM_DUPLICATE, "global x; global x; probe begin { x = 1; println(x) }"),
                Arguments.of(Codes.SEM_DUPLICATE, "function f() { return 1 } function f() { return 2 } probe begin { println(f()) }"),
                Arguments.of(Codes.SEM_BAD_FORMAT, "probe begin { printf(\"%d %d\\n\", 1) }"),
                Arguments.of(Codes.SEM_BAD_FORMAT, "probe begin { printf(\"%q\\n\", 1) }"),
                Arguments.of(Codes.SEM_TYPE_MISMATCH, "probe begin { printf(\"%d\\n\", \"str\") }"),
                Arguments.of(Codes.SEM_STATS_MISUSE, "global s; probe begin { s <<< 1; println(s) }"),
                Arguments.of(Codes.SEM_STATS_LOCAL, "probe begin { s <<< 1 }"),
                Arguments.of(Codes.SEM_CONTEXT_VAR, "probe begin { println($x) }"),
                Arguments.of(Codes.SEM_CONTEXT_VAR, "probe kernel.function(\"vfs_read\") { println($return) }"),
                Arguments.of(Codes.SEM_ENTRY_NOT_RETURN, "probe kernel.function(\"vfs_read\") { println(@entry($count)) }"),
                Arguments.of(Codes.SEM_BREAK_OUTSIDE_LOOP, "probe begin { break }"),
                Arguments.of(Codes.SEM_RETURN_OUTSIDE_FUNCTION, "probe begin { return 1 }"),
                Arguments.of(Codes.SEM_BAD_REGEX, "probe begin { if (execname() =~ \"(\") println(1) }"),
                Arguments.of(Codes.SEM_NOT_LVALUE, "probe begin { x = 1; y = &x; println(y) }"),
                Arguments.of(Codes.SEM_BAD_PROBE_ARG, "probe timer.ms(0) { println(1) }"),
                Arguments.of(Codes.SEM_BAD_PROBE_ARG, "probe begin(\"x\") { println(1) }"),
                Arguments.of(Codes.SEM_NEEDS_DWARF, "probe kernel.function(\"*@fs/read_write.c\") { println(1) }"),  // the test kernel has no -dbg package
                Arguments.of(Codes.SEM_NO_PROBES, "probe begin { }"),
                Arguments.of(Codes.SEM_UNRESOLVED_TYPE, "function f(a) { return 1 } probe begin { println(f(x)) }"),
                Arguments.of(Codes.SEM_RECURSIVE_ALIAS, "probe a1 = a2 { } probe a2 = a1 { } probe a1 { println(1) }"),
                Arguments.of(Codes.SEM_PERF_CONTEXT, "probe begin { println(@perf(\"cycles\")) }"),  // counters are read only in process probes
                Arguments.of(Codes.SEM_UNTYPED_DEREF, "function f() { return 1 } probe begin { println(f()->x) }"),
                Arguments.of(Codes.SEM_STATS_MISUSE, "global a; probe begin { a[1] = 1; foreach (k in a @sum-) println(k) }"),
                Arguments.of(Codes.SEM_BAD_HISTOGRAM, "global s; probe begin { s <<< 1; print(@hist_linear(s, 10, 0, 1)) }"),
                Arguments.of(Codes.WARN_EMPTY_PROBE, "probe begin { } probe end { println(1) }"),
                Arguments.of(Codes.WARN_EMPTY_PROBE, "probe never { } probe begin { println(1) }"),
                Arguments.of(Codes.WARN_UNUSED_VARIABLE, "probe begin { println(x + 1) }"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void reportsCode(String code, String script) {
        Elab.Out o = Elab.run(script);
        assertTrue(o.codes().contains(code), () -> "expected " + code + ", got " + o.codes() + "\n" + o.rendered());
        boolean warning = code.startsWith("warn.");
        if (!warning) assertFalse(o.ok(), "errors fail the pass");
        for (Diagnostic d : o.diagnostics()) {
            if (d.code().equals(code)) assertTrue(d.span() != null, "has a span");
        }
    }

    @Test
    void backendUnsupported() {
        Elab.Out o = Elab.run("probe kernel.function(\"vfs_read\") { println(1) }",
                SessionOptions.builder().lastPass(2).runtime("interp").build());
        assertTrue(o.codes().contains(Codes.SEM_BACKEND_UNSUPPORTED), o.rendered());
        Elab.Out ok = Elab.run("probe begin, timer.s(1), end { println(1) }",
                SessionOptions.builder().lastPass(2).runtime("interp").build());
        assertTrue(ok.ok(), ok.rendered());
    }

    @Test
    void privateAccess(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("lib.stp"), "private function secret() { return 42 }\nfunction pub() { return secret() }\n");
        SessionOptions o = SessionOptions.builder().lastPass(2).includeDirs(List.of(dir)).build();
        Elab.Out bad = Elab.run("probe begin { println(secret()) }", o);
        assertTrue(bad.codes().contains(Codes.SEM_PRIVATE_ACCESS) || bad.codes().contains(Codes.SEM_UNRESOLVED_FUNCTION),
                bad.rendered());
        Elab.Out good = Elab.run("probe begin { println(pub()) }", o);
        assertTrue(good.ok(), good.rendered());
    }

    @Test
    void hintsGuessTheName() {
        Elab.Out o = Elab.run("probe kernel.function(\"vfs_reed\") { println(1) }");
        Diagnostic d = o.diagnostics().get(0);
        assertNotNull(d.hint(), o.rendered());
        assertTrue(d.hint().contains("vfs_read"), d.hint());
        o = Elab.run("probe begin { println(strln(\"a\")) }");
        assertTrue(o.diagnostics().get(0).hint().contains("strlen"), o.rendered());
        o = Elab.run("probe kernel.function(\"vfs_read\") { println($cont) }");
        assertTrue(o.rendered().contains("$count"), o.rendered());
    }

    @Test
    void typeClashNamesBothPlaces() {
        Elab.Out o = Elab.run("global g\nprobe begin { g = 1 }\nprobe end { g = \"s\"; println(g) }");
        Diagnostic d = o.diagnostics().stream().filter(x -> x.code().equals(Codes.SEM_TYPE_MISMATCH)).findFirst().orElseThrow();
        assertFalse(d.related().isEmpty(), o.rendered());
        assertTrue(d.span().line() != d.related().get(0).span().line(), o.rendered());
    }

    @Test
    void listsNoErrorsForListing() {
        Elab.Out o = Elab.run("probe begin { }", SessionOptions.builder().lastPass(2).listing(SessionOptions.Listing.POINTS).build());
        assertTrue(o.ok(), o.rendered());
        assertTrue(o.printed().contains("begin"), o.printed());
    }
}
