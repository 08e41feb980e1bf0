package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jstap.api.spi.Registry;
import org.jstap.cli.fakes.FakeKernelLocator;
import org.jstap.cli.fakes.Modules;
import org.junit.jupiter.api.Test;

/** The command end to end, in process, over fake stages. */
class CliTest {
    private static final Registry FULL = TestRegistries.of(Modules.FrontEnd.class, Modules.Kmod.class, Modules.Commands.class);
    private static final Registry EMPTY = TestRegistries.of();

    private static List<String> lines(String s) {
        return s.lines().toList();
    }

    @Test
    void versionBannerInStapsShape() {
        CliRun r = CliRun.run(FULL, "-V");
        assertEquals(0, r.status());
        List<String> l = lines(r.out());
        assertTrue(l.get(0).matches("jstap translator/driver \\(version \\d+\\.\\d+\\.\\d+.*, compatible with SystemTap 4\\.8\\)"), l.get(0));
        assertEquals("enabled features: passes 1 2 3; runtimes kmod; run targets (none)", l.get(1));
        assertEquals(r.out(), CliRun.run(FULL, "--version").out());
        assertEquals("", r.err());
    }

    @Test
    void helpIsOursAndListsContributions() {
        CliRun r = CliRun.run(FULL, "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("Usage:"));
        for (String opt : List.of("-p N", "-e SCRIPT", "-D NAME=VAL", "-r KRELEASE|DIR", "--runtime=NAME", "--target=local|vm",
                "--raw-diagnostics", "--from=FILE", "--emit=DIR", "--vm-file=PATH", "-l PATTERN", "-L PATTERN")) {
            assertTrue(r.out().contains(opt), "help mentions " + opt);
        }
        assertTrue(r.out().contains("kmod") && r.out().contains("the fake kernel-module backend"));
        assertTrue(r.out().contains("vm") && r.out().contains("manage the fake VM"));
        assertEquals(r.out(), CliRun.run(FULL, "-h").out());
    }

    @Test
    void unknownOptionIsOneLinePlusHintAndStatus1() {
        CliRun r = CliRun.run(FULL, "--bogus", "-e", "x");
        assertEquals(1, r.status());
        assertEquals(List.of("jstap: unrecognized option '--bogus'", "Try 'jstap --help' for more information."), lines(r.err()));
        assertEquals("", r.out());
        CliRun q = CliRun.run(FULL, "-Q");
        assertEquals("jstap: unrecognized option '-Q'", lines(q.err()).get(0));
    }

    @Test
    void missingValueAndBadValue() {
        CliRun r = CliRun.run(FULL, "-e");
        assertEquals(1, r.status());
        assertEquals("jstap: option '-e' needs a value (SCRIPT)", lines(r.err()).get(0));
        CliRun p = CliRun.run(FULL, "-p9", "-e", "x");
        assertEquals(1, p.status());
        assertEquals("jstap: invalid value '9' for -p: passes are 1 to 5", lines(p.err()).get(0));
    }

    @Test
    void noScript() {
        CliRun r = CliRun.run(FULL);
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("jstap: no script given"), r.err());
    }

    @Test
    void missingScriptFileIsADriverDiagnostic() {
        CliRun r = CliRun.run(FULL, "/nonexistent/s.stp");
        assertEquals(1, r.status());
        assertEquals("error: cannot read script file '/nonexistent/s.stp': no such file [driver.io]", r.err().strip());
        CliRun raw = CliRun.run(FULL, "--raw-diagnostics", "/nonexistent/s.stp");
        assertEquals("error: driver.io", raw.err().strip());
    }

    @Test
    void stopsAfterTheRequestedPassAndPrintsItsResult() {
        CliRun p1 = CliRun.run(FULL, "-p1", "-e", "probe begin {}", "a", "b");
        assertEquals(0, p1.status(), p1.err());
        assertEquals("parsed: probe begin {} args=[a, b]\n", p1.out());
        assertEquals("", p1.err());

        CliRun p2 = CliRun.run(FULL, "-p2", "-e", "s");
        assertEquals("elaborated: s args=[]\n", p2.out());

        CliRun p3 = CliRun.run(FULL, "-p3", "-e", "s");
        assertEquals(0, p3.status());
        assertEquals("C for s args=[]\n", p3.out());
    }

    @Test
    void aPassNoStageProvidesIsOneClearLine() {
        CliRun r = CliRun.run(TestRegistries.of(Modules.ParseOnly.class), "-p2", "-e", "s");
        assertEquals(1, r.status());
        assertEquals("Pass 2: elaboration is not available yet\n", r.err());
        assertEquals("", r.out(), "nothing printed for a run that did not finish");

        CliRun none = CliRun.run(EMPTY, "-e", "s");
        assertEquals("Pass 1: parse is not available yet\n", none.err());

        CliRun p4 = CliRun.run(FULL, "-p4", "-e", "s");
        assertEquals(1, p4.status());
        assertEquals("Pass 4: compilation is not available yet\n", p4.err());
    }

    @Test
    void unknownRuntimeNamesTheKnownOnes() {
        CliRun r = CliRun.run(FULL, "--runtime=bpf", "-p3", "-e", "s");
        assertEquals(1, r.status());
        assertEquals("jstap: unknown runtime 'bpf' (known: kmod)\n", r.err());
    }

    @Test
    void stageFailurePrintsDiagnosticsThenThePassLine() {
        CliRun r = CliRun.run(FULL, "-p2", "-e", "FAIL here");
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertEquals("""
                <input>:1:1: error: expected something else [parse.expected.token]
                 1 | FAIL here
                   | ^
                  hint: try harder
                Pass 1: parse failed.
                """, r.err());
    }

    @Test
    void rawDiagnosticsShowCodesOnly() {
        CliRun r = CliRun.run(FULL, "--raw-diagnostics", "-e", "WARN FAIL");
        assertEquals(1, r.status());
        assertEquals("""
                <input>:1:1: warning: warn.empty.probe
                <input>:1:1: error: parse.expected.token
                Pass 1: parse failed.
                """, r.err());
    }

    @Test
    void warningsPrintButDoNotFailUnlessW() {
        CliRun warn = CliRun.run(FULL, "--raw-diagnostics", "-p1", "-e", "WARN");
        assertEquals(0, warn.status());
        assertEquals("<input>:1:1: warning: warn.empty.probe\n", warn.err());

        CliRun quiet = CliRun.run(FULL, "-w", "-p1", "-e", "WARN");
        assertEquals(0, quiet.status());
        assertEquals("", quiet.err());

        CliRun strict = CliRun.run(FULL, "--raw-diagnostics", "-Wp1", "-e", "WARN");
        assertEquals(1, strict.status());
        assertEquals("<input>:1:1: error: warn.empty.probe\nPass 1: parse failed.\n", strict.err());
    }

    @Test
    void verbosePassLinesLookLikeStaps() {
        CliRun r = CliRun.run(FULL, "-vp2", "-e", "s");
        assertEquals(0, r.status(), r.err());
        List<String> l = lines(r.err());
        assertEquals(2, l.size(), r.err());
        String usage = " using \\d+virt/\\d+res/\\d+shr/\\d+data kb, in \\d+usr/\\d+sys/\\d+real ms\\.";
        assertTrue(l.get(0).matches("Pass 1: parsed user script" + usage), l.get(0));
        assertTrue(l.get(1).matches("Pass 2: analyzed script" + usage), l.get(1));
    }

    @Test
    void internalErrorsNeverShowAStackTraceUnlessAskedTo() {
        CliRun r = CliRun.run(FULL, "-e", "CRASH");
        assertEquals(1, r.status());
        List<String> l = lines(r.err());
        assertEquals(2, l.size(), r.err());
        assertTrue(l.get(0).startsWith("jstap: internal error: IllegalStateException: the fake parser crashed"), l.get(0));
        assertTrue(l.get(1).contains("--debug") && l.get(1).contains("JSTAP_DEBUG=1"), l.get(1));
        assertFalse(r.err().contains("\tat "));

        CliRun debug = CliRun.run(FULL, "--debug", "-e", "CRASH");
        assertTrue(debug.err().contains("\tat org.jstap.cli.fakes.FakeParse.run"), debug.err());
        CliRun env = CliRun.run(FULL, "", Map.of("JSTAP_DEBUG", "1"), "-e", "CRASH");
        assertTrue(env.err().contains("\tat "), env.err());
    }

    @Test
    void registryFailureIsAnInternalErrorToo() {
        CliRun r = CliRun.run(() -> { throw new IllegalStateException("no wiring"); }, "", Map.of(), "-e", "x");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("jstap: internal error: IllegalStateException: no wiring"), r.err());
    }

    @Test
    void mismatchedStagesAreAnInternalError() {
        CliRun r = CliRun.run(TestRegistries.of(Modules.WrongInput.class), "-p2", "-e", "s");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("internal error") && r.err().contains("takes Integer but pass 1 produced FakeAst"), r.err());
    }

    @Test
    void kernelIsLocatedOnceFromDashR() {
        FakeKernelLocator.CALLS.clear();
        CliRun r = CliRun.run(FULL, "-p1", "-r", "6.1.0-99-test", "-e", "KERNEL");
        assertEquals("parsed: kernel 6.1.0-99-test same=true\n", r.out());
        assertEquals(List.of("6.1.0-99-test"), FakeKernelLocator.CALLS);

        FakeKernelLocator.CALLS.clear();
        assertEquals("parsed: kernel none same=true\n", CliRun.run(FULL, "-p1", "-r", "missing", "-e", "KERNEL").out());
        assertEquals(List.of("missing"), FakeKernelLocator.CALLS);

        FakeKernelLocator.CALLS.clear();
        CliRun.run(FULL, "-p1", "-e", "no kernel needed");
        assertEquals(List.of(), FakeKernelLocator.CALLS, "the kernel is located only when a stage asks");

        assertEquals("parsed: kernel none same=true\n", CliRun.run(TestRegistries.of(Modules.ParseOnly.class),
                "-p1", "-e", "KERNEL").out(), "no locator: null kernel");
    }

    @Test
    void listingRunsPasses1And2WithTheListMode() {
        CliRun r = CliRun.run(FULL, "-L", "kernel.function(\"ksys_*\")");
        assertEquals(0, r.status(), r.err());
        assertEquals("list L: probe kernel.function(\"ksys_*\") {}\n args=[]\n", r.out());
        assertEquals("list l: probe begin {}\n args=[]\n", CliRun.run(FULL, "-l", "begin").out());
    }

    @Test
    void fromAMissingFileIsOneArtefactError() {
        CliRun from = CliRun.run(FULL, "", tempCache(), "--raw-diagnostics", "--from=no-such-ast.json");
        assertEquals(1, from.status());
        assertEquals("error: artefact.invalid\n", from.err());
        // fake artefacts have no codec: --emit writes nothing for them and the run still succeeds
        CliRun emit = CliRun.run(FULL, "", tempCache(), "--emit=" + tempCache().get("JSTAP_CACHE_DIR") + "/emit", "-p3", "-e", "s");
        assertEquals(0, emit.status(), emit.err());
    }

    /** Tests must never clean or fill the real cache in the user's home. */
    private static Map<String, String> tempCache() {
        try {
            java.nio.file.Path d = java.nio.file.Files.createTempDirectory("jstap-cache-test");
            d.toFile().deleteOnExit();
            return Map.of("JSTAP_CACHE_DIR", d.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void unknownRunTargetNamesTheKnownOnes() {
        Registry withTargets = TestRegistries.of(Modules.FrontEnd.class, Modules.Targets.class);
        CliRun r = CliRun.run(withTargets, "--target=moon", "-p1", "-e", "s");
        assertEquals(1, r.status());
        assertEquals("jstap: unknown run target 'moon' (known: local, vm)\n", r.err());
        assertEquals(0, CliRun.run(withTargets, "--target=vm", "-p1", "-e", "s").status());
        assertEquals(0, CliRun.run(withTargets, "--target=ssh://box", "-p1", "-e", "s").status());
        assertEquals(0, CliRun.run(FULL, "--target=anything", "-p1", "-e", "s").status(), "no targets known: not checked");
    }

    @Test
    void cleanCacheAloneNeedsNoScript() {
        CliRun r = CliRun.run(FULL, "", tempCache(), "-v", "--clean-cache");
        assertEquals(0, r.status());
        assertTrue(r.err().startsWith("Cleaned 0 cache entries from "), r.err());
    }

    @Test
    void cacheOptionsAreAccepted() {
        CliRun r = CliRun.run(FULL, "", tempCache(), "--disable-cache", "--poison-cache", "--clean-cache", "-p1", "-e", "s");
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void subcommandsGetTheRestOfTheLine() {
        CliRun r = CliRun.run(FULL, "vm", "start", "--now");
        assertEquals(0, r.status());
        assertEquals("vm start --now\n", r.out());
        assertEquals(3, CliRun.run(FULL, "vm", "fail").status(), "the subcommand's status is the exit status");
    }

    @Test
    void aWordThatIsNoCommandIsAScriptFile() {
        CliRun r = CliRun.run(FULL, "nosuchcommand");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("cannot read script file 'nosuchcommand'"), r.err());
    }

    @Test
    void stdinScript() {
        CliRun r = CliRun.run(FULL, "probe end {}", Map.of(), "-p1", "-");
        assertEquals("parsed: probe end {} args=[]\n", r.out());
    }
}
