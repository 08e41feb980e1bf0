package org.jstap.elaborate.tapset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The library's table of contents, built without parsing: each tapset file's text is scanned for the
 * functions, globals and probe aliases it declares, so pass 2 parses only the files a script actually needs.
 * Sources: our resources ({@code tapset/INDEX} lists them) and {@code -I} directories ({@code *.stp}).
 * For our resources the scan is done ahead of time ({@code tapset/DECLS}, checked by TapsetDeclsTest), so a
 * script that needs no library file reads only those two resources, whatever the library's size.
 */
public final class TapsetLibrary {
    /** One library file: its display name (as spans show it) and text, read on first use for our resources. */
    public static final class Entry {
        private final String name;
        private final Supplier<String> source;
        /** The declarations scanned ahead of time (tapset/DECLS), null to scan the text. */
        private final Decls decls;
        private volatile String text;

        public Entry(String name, String text) {
            this.name = name;
            this.text = text;
            this.source = () -> text;
            this.decls = null;
        }

        Entry(String name, Supplier<String> source, Decls decls) {
            this.name = name;
            this.source = source;
            this.decls = decls;
        }

        public String name() {
            return name;
        }

        public String text() {
            String t = text;
            if (t == null) {
                t = source.get();
                text = t = t == null ? "" : t;
            }
            return t;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * What one file declares: function names, global names and alias keys (an alias name's first two components,
     * {@code syscall.read} for {@code syscall.read.return}; the name itself when it has one component).
     */
    public record Decls(List<String> functions, List<String> globals, List<String> aliasKeys) {}

    static final String DECLS = "tapset/DECLS";

    private static final Pattern FUNCTION = Pattern.compile("(?m)^\\s*(?:private\\s+)?function\\s+([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern GLOBAL = Pattern.compile("(?m)^\\s*(?:private\\s+)?global\\s+([^;{\\n]+)");
    private static final Pattern ALIAS = Pattern.compile("(?m)^\\s*probe\\s+([^{=]+?)\\s*\\+?=");

    private static volatile List<Entry> builtin;

    private final List<Entry> entries;
    private final Map<String, Set<Entry>> byFunction = new LinkedHashMap<>();
    private final Map<String, Set<Entry>> byGlobal = new LinkedHashMap<>();
    private final Map<String, Set<Entry>> byAliasHead = new LinkedHashMap<>();
    private final Map<String, Set<Entry>> byAliasKey = new LinkedHashMap<>();

    public TapsetLibrary(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (Entry e : this.entries) index(e, e.decls != null ? e.decls : scan(e.text()));
    }

    /** Our tapset plus the {@code .stp} files of the given directories (later directories win nothing: all load). */
    public static TapsetLibrary load(List<Path> includeDirs) {
        List<Entry> all = new ArrayList<>(builtin());
        for (Path dir : includeDirs) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".stp")).sorted().toList()) {
                    all.add(new Entry(p.toString(), Files.readString(p)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new TapsetLibrary(all);
    }

    /** The files listed in {@code tapset/INDEX} on the class path ({@code .stp} only: macros are pass 1's). */
    public static List<Entry> builtin() {
        List<Entry> b = builtin;
        if (b != null) return b;
        Map<String, Decls> decls = parseDecls(resource(DECLS));
        List<Entry> out = new ArrayList<>();
        for (String name : indexNames()) {
            if (!name.endsWith(".stp")) continue;
            String path = "tapset/" + name;
            if (decls.containsKey(path)) {
                out.add(new Entry(path, () -> resource(path), decls.get(path)));
            } else {
                // not in DECLS (a file added without regenerating it): read and scan it now
                String text = resource(path);
                if (text != null) out.add(new Entry(path, text));
            }
        }
        builtin = b = List.copyOf(out);
        return b;
    }

    /**
     * {@code tapset/DECLS}: one line per file, {@code path<TAB>f=a,b<TAB>g=c<TAB>a=head,...} (empty lists allowed).
     */
    static Map<String, Decls> parseDecls(String text) {
        Map<String, Decls> out = new LinkedHashMap<>();
        if (text == null) return out;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] cols = line.split("\t");
            List<String> f = List.of(), g = List.of(), a = List.of();
            for (int i = 1; i < cols.length; i++) {
                String c = cols[i];
                List<String> names = c.length() <= 2 ? List.of() : List.of(c.substring(2).split(","));
                if (c.startsWith("f=")) f = names;
                else if (c.startsWith("g=")) g = names;
                else if (c.startsWith("a=")) a = names;
            }
            out.put(cols[0], new Decls(f, g, a));
        }
        return out;
    }

    /** The DECLS text for the given files, in their order (TapsetDeclsTest writes and checks it). */
    public static String formatDecls(List<Entry> files) {
        StringBuilder sb = new StringBuilder("# generated from the files INDEX lists by TapsetDeclsTest "
                + "(-Dtapset.decls.update=true): what each declares, so pass 2 need not read them all\n");
        for (Entry e : files) {
            Decls d = scan(e.text());
            sb.append(e.name()).append("\tf=").append(String.join(",", d.functions()))
                    .append("\tg=").append(String.join(",", d.globals()))
                    .append("\ta=").append(String.join(",", d.aliasKeys())).append('\n');
        }
        return sb.toString();
    }

    public static List<String> indexNames() {
        String index = resource("tapset/INDEX");
        if (index == null) return List.of();
        List<String> names = new ArrayList<>();
        for (String line : index.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) names.add(l);
        }
        return names;
    }

    static String resource(String path) {
        try (InputStream in = TapsetLibrary.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The declarations of one file's text, found without parsing it. */
    public static Decls scan(String text) {
        Set<String> f = new LinkedHashSet<>(), g = new LinkedHashSet<>(), a = new LinkedHashSet<>();
        Matcher m = FUNCTION.matcher(text);
        while (m.find()) f.add(m.group(1));
        m = GLOBAL.matcher(text);
        while (m.find()) {
            for (String part : m.group(1).split(",")) {
                String n = part.strip().replaceAll("[^A-Za-z0-9_].*$", "");
                if (!n.isEmpty()) g.add(n);
            }
        }
        m = ALIAS.matcher(text);
        while (m.find()) {
            for (String name : m.group(1).split(",")) {
                String[] parts = name.strip().split("\\(", 2)[0].split("\\.", 3);
                if (parts[0].isEmpty()) continue;
                a.add(parts.length == 1 || parts[1].isEmpty() ? parts[0] : parts[0] + "." + parts[1]);
            }
        }
        return new Decls(List.copyOf(f), List.copyOf(g), List.copyOf(a));
    }

    private void index(Entry e, Decls d) {
        for (String n : d.functions()) byFunction.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(e);
        for (String n : d.globals()) byGlobal.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(e);
        for (String n : d.aliasKeys()) {
            byAliasKey.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(e);
            byAliasHead.computeIfAbsent(n.split("\\.", 2)[0], k -> new LinkedHashSet<>()).add(e);
        }
    }

    public List<Entry> entries() {
        return entries;
    }

    public Set<Entry> definingFunction(String name) {
        return byFunction.getOrDefault(name, Set.of());
    }

    public Set<Entry> definingGlobal(String name) {
        return byGlobal.getOrDefault(name, Set.of());
    }

    /** Files declaring aliases whose first component is {@code head} ({@code "*"}: every alias file). */
    public Set<Entry> definingAliases(String head) {
        if (head.equals("*") || head.contains("*") || head.contains("?") || head.contains("{")) {
            Set<Entry> all = new LinkedHashSet<>();
            byAliasHead.values().forEach(all::addAll);
            return all;
        }
        return byAliasHead.getOrDefault(head, Set.of());
    }

    /**
     * Files declaring aliases that could match a probe point starting {@code head.second}: those with an alias
     * named {@code head.second...} or just {@code head} (a prefix match). A wildcard in either, or no second
     * component, asks for every file with that head.
     */
    public Set<Entry> definingAliases(String head, String second) {
        if (second == null || wild(head) || wild(second)) return definingAliases(head);
        Set<Entry> out = new LinkedHashSet<>(byAliasKey.getOrDefault(head + "." + second, Set.of()));
        out.addAll(byAliasKey.getOrDefault(head, Set.of()));
        return out;
    }

    private static boolean wild(String s) {
        return s.contains("*") || s.contains("?") || s.contains("{") || s.contains("[");
    }

    public Set<String> functionNames() {
        return byFunction.keySet();
    }
}
