package org.jstap.debuginfo.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jstap.debuginfo.btf.TraceEventDecl;

/**
 * What a kernel's trace-event headers ({@code include/trace/events/*.h}, {@code arch/x86/include/asm/trace/*.h})
 * say about each tracepoint: the event class it belongs to and its {@code TP_PROTO} parameter names. BTF types a
 * tracepoint's arguments ({@code btf_trace_<event>}) but names them only through the class's
 * {@code __bpf_trace_<class>} function, and DEFINE_EVENT events share their class's function: the class found here
 * links the two. Parsed once, on the first question, from the headers package of the kernel (Debian splits it in
 * an arch directory, the build dir, and a {@code -common} one its Makefile includes).
 */
public final class TraceEventHeaders {
    private static final Pattern DEFINE = Pattern.compile(
            "\\b(DEFINE_EVENT(?:_FN|_PRINT|_CONDITION)?)\\s*\\(\\s*(\\w+)\\s*,\\s*(\\w+)\\s*,");
    private static final Pattern OWN = Pattern.compile(
            "\\b(TRACE_EVENT(?:_FN|_FN_COND|_CONDITION)?|DECLARE_EVENT_CLASS)\\s*\\(\\s*(\\w+)\\s*,");
    private static final Pattern INCLUDE = Pattern.compile("(?m)^include\\s+(\\S+)/Makefile\\s*$");

    private final List<Path> dirs;
    private volatile Map<String, TraceEventDecl> decls;

    private TraceEventHeaders(List<Path> dirs) {
        this.dirs = dirs;
    }

    /** The headers of a kernel build dir, if it (or the tree its Makefile includes) has any. */
    public static Optional<TraceEventHeaders> of(Path buildDir) {
        if (buildDir == null) return Optional.empty();
        List<Path> roots = new ArrayList<>();
        roots.add(buildDir);
        try {
            Path mk = buildDir.resolve("Makefile");
            if (Files.isRegularFile(mk)) {
                Matcher m = INCLUDE.matcher(Files.readString(mk));
                if (m.find()) roots.add(Path.of(m.group(1)));
            }
        } catch (IOException | RuntimeException e) {
            // no Makefile to follow: only the build dir itself
        }
        List<Path> dirs = new ArrayList<>();
        for (Path r : roots) {
            for (String sub : List.of("include/trace/events", "arch/x86/include/asm/trace")) {
                Path d = r.resolve(sub);
                if (Files.isDirectory(d)) dirs.add(d);
            }
        }
        return dirs.isEmpty() ? Optional.empty() : Optional.of(new TraceEventHeaders(dirs));
    }

    public Optional<TraceEventDecl> event(String name) {
        Map<String, TraceEventDecl> m = decls;
        if (m == null) {
            synchronized (this) {
                if (decls == null) decls = parseAll();
                m = decls;
            }
        }
        return Optional.ofNullable(m.get(name));
    }

    private Map<String, TraceEventDecl> parseAll() {
        Map<String, TraceEventDecl> out = new HashMap<>();
        for (Path d : dirs) {
            try (Stream<Path> s = Files.list(d)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".h")).sorted().toList()) {
                    try {
                        parse(Files.readString(f), out);
                    } catch (IOException | RuntimeException e) {
                        // an unreadable header names nothing
                    }
                }
            } catch (IOException e) {
                // an unreadable directory names nothing
            }
        }
        return out;
    }

    /** Adds the events one header declares (first declaration of a name wins). */
    static void parse(String text, Map<String, TraceEventDecl> out) {
        String t = stripComments(text);
        Matcher m = DEFINE.matcher(t);
        while (m.find()) out.putIfAbsent(m.group(3), new TraceEventDecl(m.group(2), protoNames(t, m.end())));
        m = OWN.matcher(t);
        while (m.find()) out.putIfAbsent(m.group(2), new TraceEventDecl(m.group(2), protoNames(t, m.end())));
    }

    /** The parameter names of the first {@code TP_PROTO(...)} after from (before the macro call ends). */
    static List<String> protoNames(String t, int from) {
        int p = t.indexOf("TP_PROTO", from);
        int next = t.indexOf("TP_ARGS", from);
        if (p < 0 || (next >= 0 && next < p)) return List.of();
        int open = t.indexOf('(', p);
        if (open < 0) return List.of();
        List<String> names = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int i = open; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) {
                addName(t.substring(start, i), names);
                return names;
            } else if (c == ',' && depth == 1) {
                addName(t.substring(start, i), names);
                start = i + 1;
            }
        }
        return List.of();
    }

    /** The declared name of one C parameter: the last identifier ({@code struct request *rq} gives rq). */
    private static void addName(String param, List<String> names) {
        String s = param.strip();
        if (s.equals("void") || s.isEmpty()) return;
        Matcher m = Pattern.compile("(\\w+)\\s*(\\[[^\\]]*\\])?\\s*$").matcher(s);
        names.add(m.find() ? m.group(1) : "");
    }

    private static String stripComments(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }
}
