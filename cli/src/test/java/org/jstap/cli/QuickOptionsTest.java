package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The quick parser reads every command line it accepts exactly as picocli does, and declines the rest. */
class QuickOptionsTest {
    /** Every option field's value after picocli, or the picocli error's class name. */
    private static String picocli(String... args) {
        CliOptions o = new CliOptions();
        CommandLine cl = new CommandLine(o);
        cl.setOverwrittenOptionsAllowed(true);
        try {
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return "error " + e.getClass().getSimpleName();
        }
        return fields(o);
    }

    private static String quick(String... args) {
        CliOptions o = new CliOptions();
        return QuickOptions.parse(args, o) ? fields(o) : null;
    }

    private static String fields(CliOptions o) {
        StringBuilder b = new StringBuilder();
        for (Field f : CliOptions.class.getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) continue;
            f.setAccessible(true);
            try {
                Object v = f.get(o);
                b.append(f.getName()).append('=').append(v instanceof boolean[] a ? Arrays.toString(a) : v).append('\n');
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.toString();
    }

    /** Accepted lines give picocli's fields; declined ones are picocli's business. Returns whether it was accepted. */
    private static boolean agrees(String... args) {
        String q = quick(args);
        if (q != null) assertEquals(picocli(args), q, () -> "for " + List.of(args));
        return q != null;
    }

    @Test
    void theUsualLinesAreReadWithoutPicocli() {
        assertTrue(agrees("-p1", "hello.stp"));
        assertTrue(agrees("-p", "4", "-v", "hello.stp"));
        assertTrue(agrees("-vvvp2", "-e", "probe begin {}"));
        assertTrue(agrees("-gwp", "3", "x.stp", "arg1", "arg 2"));
        assertTrue(agrees("-DMAXACTION=10", "-D", "A=B", "-I", "/tmp", "-Bfoo", "-rrel", "x.stp"));
        assertTrue(agrees("--runtime=bpf", "--target", "vm", "--disable-cache", "-e", "", "--", "-p", "x"));
        assertTrue(agrees("-p1", "-p2", "-", "a"));
        assertTrue(agrees("--vm-file=/a", "--vm-file", "/b", "-d", "/bin/ls", "--ldd", "-c", "ls", "-x", "12", "x.stp"));
        assertTrue(agrees("-runtime", "x.stp")); // a cluster: -r with "untime", as picocli reads it
        assertTrue(agrees("x.stp", "-p1")); // options after the script, as picocli allows
        assertTrue(agrees("-p-1"));
        assertTrue(agrees());
    }

    @Test
    void theClassFileGivesTheWrittenElementsOnly() throws Exception {
        var all = org.jstap.api.spi.ClassFileAnnotations.of(CliOptions.class).fields();
        var p = all.get("lastPass").get(0);
        assertEquals("Lpicocli/CommandLine$Option;", p.type());
        assertEquals(List.of("-p"), p.elements().get("names")); // javac writes one name as an array of one
        assertEquals(java.util.Set.of("names", "paramLabel"), p.elements().keySet());
        assertEquals(List.of("-V", "--version"), all.get("version").get(0).elements().get("names"));
        assertTrue(all.get("positional").get(0).type().endsWith("$Parameters;"));
    }

    @Test
    void oddLinesAreLeftToPicocli() {
        assertFalse(agrees("-p")); // a missing value: picocli's message
        assertFalse(agrees("-e", "-p1")); // a value that looks like an option
        assertFalse(agrees("--nope"));
        assertFalse(agrees("-y"));
        assertFalse(agrees("@args.txt"));
        assertFalse(agrees("-p=1"));
        assertFalse(agrees("--guru=true"));
        assertFalse(agrees("-gy"));
    }

    @Test
    void randomLinesAgreeWithPicocli() {
        String[] words = {"-p", "-p1", "-v", "-vv", "-g", "-e", "probe begin {}", "-D", "X=1", "-DX", "--runtime",
            "--runtime=interp", "--", "-", "x.stp", "arg", "-I", "/tmp", "-wWp3", "-gp", "--debug", "-k", "-s", "9",
            "--emit", "d", "--from=f", "-l", "'kernel.*'", "-m", "mod", "-u", "-t", "-b", "--ldd", "-x", "-1", "-c",
            "--disable-cache", "-o", "out", "-h", "-V", "--version", "", "=", "-=", "--=x", "-vx", "-evv", "-G",
            "a=1", "-T", "5", "-E", "-qFP", "--prologue-searching", "--vp", "01", "--modinfo=x=y", "--dump-ir-after", "-Gx=2"};
        Random r = new Random(16);
        int accepted = 0;
        for (int i = 0; i < 4000; i++) {
            List<String> args = new ArrayList<>();
            int n = r.nextInt(7);
            for (int k = 0; k < n; k++) args.add(words[r.nextInt(words.length)]);
            if (agrees(args.toArray(String[]::new))) accepted++;
        }
        assertTrue(accepted > 1000, "accepted " + accepted);
    }
}
