package org.jstap.build;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jstap.api.diag.Span;

/**
 * Picks the errors out of kbuild's output (gcc's {@code file:line:col: error: ...}, modpost's
 * {@code ERROR: modpost: ...}, make's own {@code *** ...}) and maps C positions back to script positions.
 */
final class CompilerMessages {
    private static final Pattern GCC = Pattern.compile("^(.+?\\.[ch]):(\\d+):(?:(\\d+):)? (?:fatal )?error: (.*)$");
    private static final Pattern MODPOST = Pattern.compile("^(?:ERROR|FATAL): (modpost: .*)$");

    /** One compiler error: where in the C, and where in the script if a marker says so (may be null). */
    record CError(String cFile, int cLine, int cCol, String message, Span scriptSpan) {
        String cPosition() {
            return cFile + ":" + cLine + (cCol > 0 ? ":" + cCol : "");
        }
    }

    private CompilerMessages() {}

    /**
     * @param buildDir the absolute path kbuild ran in, stripped from file names
     * @param sources  the generated files by relative path, for marker lookup
     */
    static List<CError> errors(String output, String buildDir, Map<String, byte[]> sources, int max) {
        List<CError> out = new ArrayList<>();
        String prefix = buildDir.endsWith("/") ? buildDir : buildDir + "/";
        for (String line : output.split("\n")) {
            if (out.size() >= max) break;
            Matcher g = GCC.matcher(line.strip());
            if (g.matches()) {
                String file = g.group(1);
                if (file.startsWith(prefix)) file = file.substring(prefix.length());
                int cLine = Integer.parseInt(g.group(2));
                int cCol = g.group(3) == null ? 0 : Integer.parseInt(g.group(3));
                byte[] src = sources.get(file);
                Span s = src == null ? null : ScriptMarkers.scriptSpanFor(new String(src, StandardCharsets.UTF_8), cLine);
                out.add(new CError(file, cLine, cCol, g.group(4), s));
                continue;
            }
            Matcher mp = MODPOST.matcher(line.strip());
            if (mp.matches()) out.add(new CError("", 0, 0, mp.group(1).replace(prefix, ""), null));
        }
        return out;
    }

    /** The last few non-empty lines, for when nothing matched a known error format. */
    static String tail(String output, int lines) {
        String[] all = output.strip().split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
    }
}
