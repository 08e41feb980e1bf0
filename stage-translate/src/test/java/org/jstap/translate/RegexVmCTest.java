package org.jstap.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jstap.runtime.RuntimeFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runtime-c's Pike VM ({@code jst_regex.c}, compiled with gcc and the user-space shim) runs the emitted programs
 * exactly like {@link RegexProgram#run}, its Java twin that {@link RegexProgramTest} checks against
 * java.util.regex: same match, same slots, on the hand-picked patterns and 300 random ones. Also checks that
 * the runtime and the emitted tables compile without a warning.
 */
class RegexVmCTest {
    @TempDir
    Path dir;

    @Test
    void cVmAgreesWithJavaTwin() throws Exception {
        assumeTrue(onPath("gcc"), "gcc is not installed");
        List<String> patterns = new ArrayList<>();
        for (String[] p : RegexProgramTest.PATTERNS) patterns.add(p[0]);
        Random r = new Random(7);
        LinkedHashSet<String> random = new LinkedHashSet<>();
        while (random.size() < 300) random.add(RegexProgramTest.random(r, 3));
        patterns.addAll(random);
        List<String> inputs = new ArrayList<>(RegexProgramTest.INPUTS);
        inputs.addAll(List.of("a\u0085", "\u0085", "ab\r\n", "x".repeat(600) + "ab", "c\nc\n"));
        for (int j = 0; j < 20; j++) {
            StringBuilder s = new StringBuilder();
            int len = r.nextInt(9);
            for (int q = 0; q < len; q++) s.append("abc\n".charAt(r.nextInt(4)));
            inputs.add(s.toString());
        }

        List<RegexProgram> progs = new ArrayList<>();
        int insns = 1, states = 1, slots = 2;
        for (String p : patterns) {
            RegexProgram rp = RegexProgram.compile(p);
            progs.add(rp);
            insns = Math.max(insns, rp.insns.size());
            states = Math.max(states, rp.states);
            slots = Math.max(slots, rp.nslots);
        }
        StringBuilder c = new StringBuilder();
        c.append("#define JST_NEED_MAPS 0\n#define JST_NEED_STATS 0\n#define JST_NEED_REGEX 1\n")
                .append("#define JST_RE_MAX_INSNS ").append(insns).append("\n#define JST_RE_MAX_STATES ").append(states)
                .append("\n#define JST_RE_MAX_SLOTS ").append(slots).append('\n')
                .append("#include \"jst_runtime.h\"\n#include \"jst_runtime.c\"\n")
                .append("int jst_user_cpu;\nvoid jst_user_output(int stream, const char *data, size_t len) {}\n");
        for (int k = 0; k < progs.size(); k++) c.append(progs.get(k).emitC(patterns.get(k), "p" + k));
        c.append("static const struct jst_re_prog *const progs[] = {");
        for (int k = 0; k < progs.size(); k++) c.append(k % 8 == 0 ? "\n\t" : " ").append("&p").append(k).append(',');
        c.append("\n};\nstatic const char *const inputs[] = {\n");
        for (String in : inputs) c.append('\t').append(cBytes(in)).append(",\n");
        c.append("};\nstatic struct jst_re_ctx ctx;\n")
                .append("int main(void)\n{\n\tunsigned int k, i;\n\tint g;\n\n")
                .append("\tfor (k = 0; k < sizeof(progs) / sizeof(progs[0]); k++) {\n")
                .append("\t\tfor (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {\n")
                .append("\t\t\tif (!jst_re_exec(&ctx, progs[k], inputs[i])) {\n")
                .append("\t\t\t\tprintf(\"%u %u no match\\n\", k, i);\n\t\t\t\tcontinue;\n\t\t\t}\n")
                .append("\t\t\tprintf(\"%u %u\", k, i);\n")
                .append("\t\t\tfor (g = 0; g < 2 * ctx.nsub; g++)\n\t\t\t\tprintf(\" %d\", ctx.last[g]);\n")
                .append("\t\t\tprintf(\"\\n\");\n\t\t}\n\t}\n\treturn 0;\n}\n");
        Path rt = dir.resolve("runtime");
        RuntimeFiles.copyTo(rt, RuntimeFiles.all());
        Path src = dir.resolve("vm.c");
        Files.writeString(src, c.toString());
        String cc = run(List.of("gcc", "-std=gnu11", "-O1", "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter", "-I",
                rt.toString(), "-o", dir.resolve("vm").toString(), src.toString()));
        assertEquals("", cc, "gcc");
        String out = run(List.of(dir.resolve("vm").toString()));

        StringBuilder want = new StringBuilder();
        for (int k = 0; k < progs.size(); k++) {
            for (int i = 0; i < inputs.size(); i++) {
                String in = inputs.get(i);
                // the runtime sees at most MAXSTRINGLEN - 1 = 511 bytes, as every script string
                int[] s = progs.get(k).run(in.length() > 511 ? in.substring(0, 511) : in);
                want.append(k).append(' ').append(i);
                if (s == null) {
                    want.append(" no match\n");
                    continue;
                }
                for (int g = 0; g < 2 * (progs.get(k).groups + 1); g++) want.append(' ').append(s[g]);
                want.append('\n');
            }
        }
        List<String> w = want.toString().lines().toList(), g = out.lines().toList();
        assertEquals(w.size(), g.size(), "result lines");
        for (int k = 0; k < w.size(); k++) {
            int prog = Integer.parseInt(w.get(k).split(" ")[0]);
            int in = Integer.parseInt(w.get(k).split(" ")[1]);
            assertEquals(w.get(k), g.get(k), "/" + patterns.get(prog) + "/ on input " + in);
        }
    }

    /** A C literal of the string's bytes (one char per byte), hex escapes split so no digit runs on. */
    private static String cBytes(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (byte x : s.getBytes(StandardCharsets.ISO_8859_1)) b.append(String.format("\\x%02x\" \"", x & 0xff));
        return b.append('"').toString();
    }

    private String run(List<String> cmd) throws Exception {
        Path log = dir.resolve("out-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return Files.readString(log);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }
}
