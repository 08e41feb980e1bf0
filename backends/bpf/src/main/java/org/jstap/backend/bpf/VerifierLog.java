package org.jstap.backend.bpf;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The useful lines of libbpf's load failure: which program, and the verifier's last complaint. */
record VerifierLog(String program, String reason) {
    private static final Pattern PROG = Pattern.compile("prog '([^']+)': (?:BPF program load failed|failed to load)");

    static VerifierLog parse(String log) {
        String prog = null;
        Matcher m = PROG.matcher(log);
        if (m.find()) prog = m.group(1);
        String reason = null;
        boolean inLog = false;
        for (String l : log.split("\n")) {
            if (l.contains("-- BEGIN PROG LOAD LOG --")) {
                inLog = true;
                continue;
            }
            if (l.contains("-- END PROG LOAD LOG --")) break;
            String t = l.trim();
            if (inLog && !t.isEmpty() && !t.startsWith(";") && !t.matches("^\\d+: .*") && !t.startsWith("processed ")
                    && !t.startsWith("from ") && !t.startsWith("R")) reason = t;
        }
        if (reason == null) {
            for (String l : log.split("\n")) if (l.contains("libbpf:") || l.contains("failed")) reason = l.trim();
        }
        return new VerifierLog(prog, reason);
    }
}
