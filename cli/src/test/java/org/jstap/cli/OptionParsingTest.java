package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jstap.api.SessionOptions;
import org.jstap.api.diag.Codes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OptionParsingTest {
    private static Invocation parse(String... args) throws Exception {
        return parseWithStdin("", args);
    }

    private static Invocation parseWithStdin(String stdin, String... args) throws Exception {
        CliOptions o = new CliOptions();
        CommandLine cl = new CommandLine(o);
        cl.setOverwrittenOptionsAllowed(true);
        cl.parseArgs(args);
        return new InvocationBuilder(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))).build(o);
    }

    private static SessionOptions opts(String... args) throws Exception {
        return parse(args).options();
    }

    @Test
    void defaultsAreStaps() throws Exception {
        SessionOptions o = opts("-e", "probe begin {}");
        assertEquals(5, o.lastPass());
        assertEquals(0, o.verbosity());
        assertEquals("kmod", o.runtime());
        assertNull(o.target());
        assertNull(o.kernelRelease());
        assertFalse(o.guru() || o.keepTemp() || o.suppressWarnings() || o.warningsAreErrors() || o.bulk());
        assertEquals("<input>", parse("-e", "probe begin {}").script().name());
    }

    @Test
    void passNumberSeparateOrAttached() throws Exception {
        assertEquals(1, opts("-p", "1", "-e", "x").lastPass());
        assertEquals(3, opts("-p3", "-e", "x").lastPass());
        assertEquals(2, opts("-p1", "-p2", "-e", "x").lastPass(), "the last -p wins, as in stap");
    }

    @Test
    void clustersAsStapAllows() throws Exception {
        SessionOptions gp1 = opts("-gp1", "-e", "x");
        assertTrue(gp1.guru());
        assertEquals(1, gp1.lastPass());

        SessionOptions up2 = opts("-up2", "-e", "x");
        assertTrue(up2.unoptimized());
        assertEquals(2, up2.lastPass());

        SessionOptions wWp2 = opts("-wWp2", "-e", "x");
        assertTrue(wWp2.suppressWarnings());
        assertTrue(wWp2.warningsAreErrors());
        assertEquals(2, wWp2.lastPass());

        SessionOptions vp1 = opts("-vp1", "-e", "x");
        assertEquals(1, vp1.verbosity());
        assertEquals(1, vp1.lastPass());

        assertEquals(3, opts("-vvv", "-e", "x").verbosity());
        assertEquals(3, opts("-vv", "-v", "-e", "x").verbosity());
        SessionOptions kbt = opts("-kbt", "-e", "x");
        assertTrue(kbt.keepTemp() && kbt.bulk() && kbt.timing());
    }

    @Test
    void definesAttachedSeparateAndBare() throws Exception {
        SessionOptions o = opts("-DMAXACTION=5000", "-D", "MAXSTRINGLEN=1024", "-D", "STP_NO_OVERLOAD", "-e", "x");
        assertEquals(Map.of("MAXACTION", "5000", "MAXSTRINGLEN", "1024", "STP_NO_OVERLOAD", ""), o.defines());
        UsageException e = assertThrows(UsageException.class, () -> opts("-D", "1BAD=2", "-e", "x"));
        assertTrue(e.getMessage().contains("1BAD=2"), e.getMessage());
    }

    /** Issue 11 item 1: stap's -D safety pattern, the refused character named, a stable code. */
    @Test
    void definesFollowStapsSafetyPattern() throws Exception {
        for (String ok : List.of("X", "X=1", "x__y=0x1f", "_a=-1", "MAXACTION=1000000", "X=_a"))
            assertFalse(opts("-D", ok, "-e", "x").defines().isEmpty(), ok);
        Map<String, String> refused = Map.of("X=`id`", "'`' at position 3", "X=a;b", "';' at position 4",
                "X=a b", "' ' at position 4", "X=$y", "'$' at position 3", "X-Y=1", "'-' at position 2",
                "X=", "empty", "X=-", "empty", "X=1\nrm", "U+000A at position 4", "X=(1+2)", "'(' at position 3",
                "é=1", "U+00E9 at position 1");
        for (Map.Entry<String, String> r : refused.entrySet()) {
            UsageException e = assertThrows(UsageException.class, () -> opts("-D", r.getKey(), "-e", "x"), r.getKey());
            assertEquals(Codes.DRIVER_BAD_DEFINE, e.code(), r.getKey());
            assertTrue(e.getMessage().contains(r.getValue()), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    @Test
    void everyValueOptionLandsInItsField() throws Exception {
        SessionOptions o = opts("-I", "/t1", "-I/t2", "-r", "6.1.0-9-cloud-amd64", "-m", "my_mod", "-o", "out.txt",
                "-c", "ls -l", "-x", "42", "-s", "16", "-B", "V=1", "-BCONFIG_X=y", "--runtime=interp",
                "--target=vm", "--disable-cache", "--poison-cache", "--vm-file=/bin/ls", "--vm-file", "/bin/cat",
                "--raw-diagnostics", "-e", "x");
        assertEquals(List.of(Path.of("/t1"), Path.of("/t2")), o.includeDirs());
        assertEquals("6.1.0-9-cloud-amd64", o.kernelRelease());
        assertEquals("my_mod", o.moduleName());
        assertEquals(Path.of("out.txt"), o.outputFile());
        assertEquals("ls -l", o.command());
        assertEquals(42, o.targetPid());
        assertEquals(16, o.bufferSizeMb());
        assertEquals(List.of("V=1", "CONFIG_X=y"), o.buildFlags());
        assertEquals("interp", o.runtime());
        assertEquals("vm", o.target());
        assertTrue(o.disableCache() && o.poisonCache() && o.rawDiagnostics());
        assertEquals(List.of(Path.of("/bin/ls"), Path.of("/bin/cat")), o.vmFiles());
    }

    @Test
    void driverOnlySwitchesAreKept() throws Exception {
        Invocation i = parse("--clean-cache", "--emit=/tmp/e", "-e", "x");
        assertTrue(i.cleanCache());
        assertEquals(Path.of("/tmp/e"), i.emit());
        Invocation f = parse("--from=ast.json");
        assertEquals(Path.of("ast.json"), f.from());
        assertNull(f.script());
    }

    @Test
    void remotesAreNumberedInOrderAndValidated() throws Exception {
        Invocation i = parse("--remote", "db1", "--remote=ssh://ops@db2:2222", "--remote-prefix", "-e", "x");
        assertEquals(List.of("ssh://db1", "ssh://ops@db2:2222"), i.remotes().stream().map(r -> r.uri()).toList());
        assertEquals(List.of(0, 1), i.remotes().stream().map(r -> r.index()).toList());
        assertTrue(i.remotePrefix());
        assertTrue(parse("-e", "x").remotes().isEmpty());
        assertThrows(Exception.class, () -> parse("--remote=-oProxyCommand=x", "-e", "x")); // picocli or us
        assertThrows(UsageException.class, () -> parse("--remote", "h;id", "-e", "x"));
        assertThrows(UsageException.class, () -> parse("--remote-prefix", "-e", "x"));
        assertThrows(UsageException.class, () -> parse("--remote", "h", "--target=vm", "-e", "x"));
    }

    @Test
    void badNumbersAreUsageErrors() {
        assertThrows(UsageException.class, () -> opts("-p", "0", "-e", "x"));
        assertThrows(UsageException.class, () -> opts("-p6", "-e", "x"));
        assertThrows(UsageException.class, () -> opts("-p", "two", "-e", "x"));
        assertThrows(UsageException.class, () -> opts("-x", "abc", "-e", "x"));
        assertThrows(UsageException.class, () -> opts("-x", "0", "-e", "x"));
        assertThrows(UsageException.class, () -> opts("-s", "4096", "-e", "x"));
        assertThrows(UsageException.class, () -> opts("-m", "bad-name", "-e", "x"));
        assertThrows(UsageException.class, () -> opts("--runtime=", "-e", "x"));
    }

    @Test
    void scriptFromFileThenArguments(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.stp");
        Files.writeString(f, "probe begin { println(@1) }\n");
        Invocation i = parse(f.toString(), "foo", "42");
        assertEquals(f.toString(), i.script().name());
        assertEquals("probe begin { println(@1) }\n", i.script().text());
        assertEquals(List.of("foo", "42"), i.options().scriptArgs());
    }

    @Test
    void optionsAfterTheScriptStillCountAndDashDashEndsThem(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.stp");
        Files.writeString(f, "x");
        Invocation i = parse(f.toString(), "a", "-p2", "--", "-5", "-v");
        assertEquals(2, i.options().lastPass());
        assertEquals(0, i.options().verbosity());
        assertEquals(List.of("a", "-5", "-v"), i.options().scriptArgs());
    }

    @Test
    void withDashEAllPositionalsAreArguments() throws Exception {
        Invocation i = parse("-e", "probe begin { println($1) }", "7", "8");
        assertEquals(List.of("7", "8"), i.options().scriptArgs());
    }

    @Test
    void dashReadsStandardInput() throws Exception {
        Invocation i = parseWithStdin("probe end {}\n", "-p1", "-", "arg");
        assertEquals("probe end {}\n", i.script().text());
        assertEquals("<input>", i.script().name());
        assertEquals(List.of("arg"), i.options().scriptArgs());
    }

    @Test
    void missingFileIsAReadError() {
        ScriptReadException e = assertThrows(ScriptReadException.class, () -> parse("/nonexistent/x.stp"));
        assertTrue(e.getMessage().contains("/nonexistent/x.stp"), e.getMessage());
    }

    @Test
    void noScriptIsAUsageError() {
        assertThrows(UsageException.class, () -> parse("-p1"));
    }

    @Test
    void listModesBuildAProbeScriptAndStopAfterPass2() throws Exception {
        Invocation l = parse("-l", "kernel.function(\"vfs_*\")");
        assertEquals("probe kernel.function(\"vfs_*\") {}\n", l.script().text());
        assertEquals(2, l.options().lastPass());
        assertEquals(SessionOptions.Listing.POINTS, l.options().listing());
        Invocation bigL = parse("-L", "timer.s(1)", "-p5");
        assertEquals(SessionOptions.Listing.POINTS_AND_VARIABLES, bigL.options().listing());
        assertEquals(2, bigL.options().lastPass());
        assertThrows(UsageException.class, () -> parse("-l", "begin", "-e", "probe begin {}"));
    }
}
