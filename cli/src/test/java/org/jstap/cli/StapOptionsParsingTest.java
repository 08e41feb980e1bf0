package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.jstap.api.StapOptions;
import org.jstap.api.diag.Codes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** stap 4.8's further options: accepted and refused values as stap accepts and refuses them (checked with stap). */
class StapOptionsParsingTest {
    private static Invocation parse(String... args) throws Exception {
        CliOptions o = new CliOptions();
        CommandLine cl = new CommandLine(o);
        cl.setOverwrittenOptionsAllowed(true);
        cl.parseArgs(args);
        return new InvocationBuilder(new ByteArrayInputStream(new byte[0])).build(o);
    }

    private static StapOptions stap(String... args) throws Exception {
        return parse(args).options().stap();
    }

    private static UsageException refused(String... args) {
        return assertThrows(UsageException.class, () -> parse(args));
    }

    @Test
    void globalSettingsInOrderLastWins() throws Exception {
        StapOptions s = stap("-G", "x=5", "-G", "s=hello", "-G", "x=6", "-G", "X_1=0x10", "-e", "x");
        assertEquals(Map.of("x", "6", "s", "hello", "X_1", "0x10"), s.globalSettings());
        assertEquals(List.of("s", "x", "X_1"), List.copyOf(s.globalSettings().keySet()));
        for (String bad : List.of("x", "x=", "1x=4", "x=a/b", "x=a b")) {
            assertEquals(Codes.DRIVER_BAD_OPTION, refused("-G", bad, "-e", "x").code(), bad);
        }
    }

    @Test
    void timeLimitAsStapReadsIt() throws Exception {
        assertEquals(2000L, stap("-T", "2", "-e", "x").timeLimitMs());
        assertEquals(1500L, stap("-T", "1.5", "-e", "x").timeLimitMs());
        assertEquals(1L, stap("-T", "0.0015", "-e", "x").timeLimitMs());
        assertEquals(16000L, stap("-T", "0x10", "-e", "x").timeLimitMs());
        assertEquals(1000000L, stap("-T", "1e3", "-e", "x").timeLimitMs());
        assertEquals(3000L, stap("-T", " 3", "-e", "x").timeLimitMs());
        for (String bad : List.of("0", "0.0005", "-1", "abc", "5x", "3 ", "inf", "nan", "2147484")) {
            assertEquals(Codes.DRIVER_BAD_OPTION, refused("-T", bad, "-e", "x").code(), bad);
        }
        assertNull(stap("-e", "x").timeLimitMs());
    }

    @Test
    void extraScriptsAreNamedAsStapNamesThem() throws Exception {
        Invocation i = parse("-E", "probe end {}", "-E", "global q", "-e", "probe begin {}");
        assertEquals("<input>", i.script().name());
        assertEquals(List.of("<input1>", "<input2>"), i.script().also().stream().map(x -> x.name()).toList());
        assertEquals("global q", i.script().also().get(1).text());
        refused("-E", "probe end {}"); // stap: "A script must be specified."
    }

    @Test
    void rotationVerbosityModinfo() throws Exception {
        StapOptions s = stap("-S", "1,2", "--vp", "00010", "--modinfo", "foo=bar baz", "-e", "x");
        assertEquals(1L, s.outputSizeMb());
        assertEquals(2, s.outputFiles());
        assertEquals(Map.of("foo", "bar baz"), s.modinfo());
        assertEquals(1, s.verbosityOf(4, 0));
        assertEquals(1, s.verbosityOf(3, 1));
        assertEquals(0, s.verbosityOf(5, 0));
        assertNull(stap("-S", "3", "-e", "x").outputFiles());
        refused("-S", "a", "-e", "x");
        refused("-S", "1,", "-e", "x");
        refused("--vp", "0a", "-e", "x");
        refused("--vp", "123456", "-e", "x");
        refused("--modinfo", "foo", "-e", "x");
    }

    @Test
    void privilegeCompatibleArch() throws Exception {
        assertEquals("stapusr", stap("--unprivileged", "-e", "x").privilegeLevel());
        assertEquals("stapsys", stap("--privilege=stapsys", "-e", "x").privilegeLevel());
        assertEquals("stapdev", stap("-e", "x").privilegeLevel());
        refused("--privilege=root", "-e", "x");
        assertEquals(Codes.DRIVER_BAD_OPTION, refused("--privilege=stapsys", "-g", "-e", "x").code());
        assertEquals("1.0", stap("--compatible=1.0", "-e", "x").compatible());
        assertEquals("4.8", stap("--compatible=4.8", "-e", "x").compatible());
        refused("--compatible=9.9", "-e", "x");
        refused("--compatible=foo", "-e", "x");
        assertEquals("arm64", stap("-a", "arm64", "-p2", "-e", "x").arch());
        assertEquals(Codes.DRIVER_OPTION_UNSUPPORTED, refused("-a", "arm64", "-e", "x").code());
        assertEquals(InvocationBuilder.hostArch(), stap("-a", InvocationBuilder.hostArch(), "-e", "x").arch());
    }

    @Test
    void flagsAreRecognised() throws Exception {
        StapOptions s = stap("--skip-badvars", "--suppress-handler-errors", "--suppress-time-limits", "-g", "-q", "-P",
                "-F", "--tmpdir=/tmp", "-e", "x");
        assertTrue(s.skipBadvars() && s.suppressHandlerErrors() && s.suppressTimeLimits() && s.tapsetCoverage()
                && s.flightRecorder());
        assertEquals("/tmp", s.tmpDir().toString());
    }
}
