package org.jstap.backend.bpf;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The useful lines of libbpf's load failure: which program, and the verifier's last complaint. */
record VerifierLog(String program, String reason, org.jstap.api.diag.Span at) {
    private static final Pattern PROG = Pattern.compile("prog '([^']+)': (?:BPF program load failed|failed to load)");
    /** The statement marker pass 3 puts on each C line, echoed by the verifier's source-line annotations. */
    private static final Pattern MARK = Pattern.compile("/\\*@(.+?):(\\d+):(\\d+)\\*/");

    static VerifierLog parse(String log) {
        String prog = null;
        Matcher m = PROG.matcher(log);
        if (m.find()) prog = m.group(1);
        // the verifier's complaint: the last line of its log that is not an instruction, a source line or a count
        String reason = null;
        int endAt = log.indexOf("-- END PROG LOAD LOG --");
        if (endAt >= 0) {
            String[] ls = log.substring(0, endAt).split("\n");
            for (int i = ls.length - 1; i >= 0 && reason == null; i--) {
                String t = ls[i].trim();
                if (t.isEmpty() || t.startsWith(";") || t.matches("^\\d+: .*") || t.startsWith("processed ")
                        || t.startsWith("from ") || t.matches("^R\\d.*") || t.contains("BEGIN PROG LOAD LOG")
                        || t.startsWith("verification time")) continue;
                reason = t;
            }
        }
        if (reason == null) {
            for (String l : log.split("\n")) if (l.startsWith("libbpf:")) reason = l.substring(7).trim();
        }
        // the last script statement the verifier walked before giving up
        org.jstap.api.diag.Span at = null;
        int end = log.indexOf("-- END PROG LOAD LOG --");
        Matcher mk = MARK.matcher(end < 0 ? log : log.substring(0, end));
        while (mk.find()) at = org.jstap.api.diag.Span.at(mk.group(1), Integer.parseInt(mk.group(2)), Integer.parseInt(mk.group(3)));
        return new VerifierLog(prog, reason, at);
    }

    /** libbpf's verifier-log line for an instruction whose CO-RE relocation found no match on the running kernel. */
    private static final Pattern CORE = Pattern.compile(
            "failed to resolve CO-RE relocation <(\\w+)> \\[\\d+\\] ((?:struct |union |enum )?[A-Za-z_]\\w*)(?:\\.([A-Za-z_][\\w.\\[\\]]*))?");

    /**
     * What a failed CO-RE relocation means for the script, or null when the reason is another: the member (or type)
     * the object reads that the running kernel lacks.
     */
    String coreFailure() {
        if (reason == null) return null;
        Matcher m = CORE.matcher(reason);
        if (!m.find()) return null;
        String type = m.group(2), member = m.group(3);
        if (member != null && m.group(1).startsWith("type") == false && m.group(1).startsWith("enumval") == false) {
            return "the running kernel's " + type + " has no member '" + member + "'";
        }
        return "the running kernel has no " + type + (member != null ? " (or its '" + member + "')" : "");
    }

    /**
     * Where in the generated C {@code c} a failed CO-RE member access is: the script position of the statement whose
     * C spells it ({@code (struct T *)(cb))[0].a.b)}), or null. The verifier prints no source line for the poisoned
     * instruction when its line did not change, so the last marker of the log can be the statement before.
     */
    org.jstap.api.diag.Span coreSite(String c) {
        if (reason == null || c == null) return null;
        Matcher m = CORE.matcher(reason);
        if (!m.find() || m.group(3) == null) return null;
        String type = m.group(2), member = m.group(3);
        String root = "((" + type + " *)";
        for (int at = c.indexOf(root); at >= 0; at = c.indexOf(root, at + 1)) {
            int close = c.indexOf(')', c.indexOf(')', at + root.length()) + 1); // "((T *)(cb))" or "((T *)cb)"
            if (close < 0) break;
            String rest = c.substring(close + 1, Math.min(c.length(), close + 1 + member.length() + 8));
            if (!rest.matches("(?s)(\\[-?\\d+\\])?[.,] ?" + Pattern.quote(member) + "[),].*")) continue;
            org.jstap.api.diag.Span site = null;
            Matcher mk = MARK.matcher(c.substring(0, at));
            while (mk.find()) site = org.jstap.api.diag.Span.at(mk.group(1), Integer.parseInt(mk.group(2)), Integer.parseInt(mk.group(3)));
            return site;
        }
        return null;
    }
}
