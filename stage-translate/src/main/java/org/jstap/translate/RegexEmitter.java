package org.jstap.translate;

import java.util.Map;
import org.jstap.irtools.regex.Dfa;
import org.jstap.irtools.regex.Ere;

/**
 * {@code =~} without a regex engine in the kernel: each POSIX extended regular expression is compiled into a
 * DFA (ir-tools' {@link Dfa}: parse, Thompson NFA, subset construction over byte classes) and emitted as C
 * tables plus a loop that scans the string once. Search semantics (a match anywhere), {@code ^}/{@code $} anchors, groups, alternation,
 * bracket expressions with POSIX classes, {@code * + ? {m,n}}. The DFA only answers yes/no: a script that calls
 * {@code matched()} gets {@link RegexProgram}s (a Pike VM over the same parse tree, runtime-c jst_regex.c) instead.
 * The meaning is POSIX's without REG_NEWLINE, as in stap (and interp, which runs java.util.regex with DOTALL and
 * {@code \z}): {@code .} matches any byte, {@code $} only at the very end.
 */
final class RegexEmitter {
    static final boolean SUPPORTED = true;
    static final int MAX_DFA_STATES = Dfa.MAX_STATES;

    private RegexEmitter() {}

    /** The shared parse tree (ir-tools), for {@link RegexProgram}. */
    static Ere.Parsed parse(String regex) {
        return Ere.parse(regex);
    }

    static Dfa compile(String regex) {
        return Dfa.compile(regex, MAX_DFA_STATES);
    }

    /** Reference matcher over the tables, for tests: what the emitted C computes (one char per byte). */
    static boolean matches(Dfa d, String s) {
        return d.matches(s);
    }

    /** POSIX's {@code $} (no REG_NEWLINE, as stap): only at the very end of the subject. */
    static boolean eolAt(byte[] b, int i, int n) {
        return i == n;
    }

    /** The C twin of {@link #eolAt} ({@code s0}: the subject, {@code s}: the position), emitted once per module. */
    static final String EOL_HELPER = """
            /* POSIX's $ (no REG_NEWLINE, as stap): only at the very end */
            static inline int jt_re_eol(const char *s0, const char *s)
            {
            	(void)s0;
            	return !s[0];
            }
            """;

    /**
     * The runtime switches before {@code jst_runtime.h}: with submatches the Pike VM (JST_NEED_REGEX) and the
     * sizes of its per-CPU scratch, from the largest program.
     */
    static String defines(Map<String, String> regexes, boolean submatches) {
        if (!submatches) return "";
        int insns = 1, states = 1, slots = 2;
        for (String re : regexes.keySet()) {
            RegexProgram p = RegexProgram.compile(re);
            insns = Math.max(insns, p.insns.size());
            states = Math.max(states, p.states);
            slots = Math.max(slots, p.nslots);
        }
        return "#define JST_NEED_REGEX 1\t/* matched(): =~ runs runtime-c's Pike VM */\n"
                + "#define JST_RE_MAX_INSNS " + insns + "\n"
                + "#define JST_RE_MAX_STATES " + states + "\n"
                + "#define JST_RE_MAX_SLOTS " + slots + "\n";
    }

    /**
     * The C of every regex, each a function {@code NAME(c, s)}: a DFA, or with {@code submatches} a Pike-VM
     * program run by {@code jst_re_exec}, which keeps the groups in the CPU's context for {@code matched()}.
     */
    static String emit(Map<String, String> regexes, boolean submatches) {
        if (submatches) {
            StringBuilder b = new StringBuilder();
            for (Map.Entry<String, String> e : regexes.entrySet()) {
                String n = e.getValue();
                b.append(RegexProgram.compile(e.getKey()).emitC(e.getKey(), n + "_prog"));
                b.append("static int ").append(n).append("(struct jst_context *c, const char *s)\n{\n")
                        .append("\treturn jst_re_exec(&c->re, &").append(n).append("_prog, s);\n}\n");
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder(EOL_HELPER);
        for (Map.Entry<String, String> e : regexes.entrySet()) {
            Dfa d = compile(e.getKey());
            String n = e.getValue();
            String type = d.next().length > 255 ? "unsigned short" : "unsigned char";
            b.append("/* =~ ").append(CNames.str(e.getKey()).replace("*/", "*\\/")).append(": ")
                    .append(d.next().length).append(" DFA states, ").append(d.classes()).append(" byte classes */\n");
            b.append("static const unsigned char ").append(n).append("_cls[256] = {");
            for (int c = 0; c < 256; c++) b.append(c % 32 == 0 ? "\n\t" : " ").append(d.cls()[c]).append(',');
            b.append("\n};\n");
            b.append("static const ").append(type).append(' ').append(n).append("_next[").append(d.next().length)
                    .append("][").append(d.classes()).append("] = {\n");
            for (int[] row : d.next()) {
                b.append("\t{");
                for (int k = 0; k < row.length; k++) b.append(k == 0 ? " " : ", ").append(row[k]);
                b.append(" },\n");
            }
            b.append("};\n");
            b.append("static const unsigned char ").append(n).append("_acc[").append(d.acc().length).append("] = {");
            for (int k = 0; k < d.acc().length; k++) b.append(k % 32 == 0 ? "\n\t" : " ").append(d.acc()[k]).append(',');
            b.append("\n};\n");
            b.append("static int ").append(n).append("(struct jst_context *c __maybe_unused, const char *s)\n{\n")
                    .append("\tconst char *s0 = s;\n")
                    .append("\tunsigned int st = 0;\n\n")
                    .append("\tfor (;; s++) {\n")
                    .append("\t\tif (").append(n).append("_acc[st] & 1)\n\t\t\treturn 1;\n")
                    .append("\t\tif (!*s)\n\t\t\treturn ").append(n).append("_acc[st] >> 1;\n")
                    .append("\t\tif ((").append(n).append("_acc[st] & 2) && jt_re_eol(s0, s))\n\t\t\treturn 1;\n")
                    .append("\t\tst = ").append(n).append("_next[st][").append(n).append("_cls[(unsigned char)*s]];\n")
                    .append("\t}\n}\n");
        }
        return b.toString();
    }
}
