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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The library's table of contents, built without parsing: each tapset file's text is scanned for the
 * functions, globals and probe aliases it declares, so pass 2 parses only the files a script actually needs.
 * Sources: our resources ({@code tapset/INDEX} lists them) and {@code -I} directories ({@code *.stp}).
 */
public final class TapsetLibrary {
    /** One library file: its display name (as spans show it) and text. */
    public record Entry(String name, String text) {}

    private static final Pattern FUNCTION = Pattern.compile("(?m)^\\s*(?:private\\s+)?function\\s+([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern GLOBAL = Pattern.compile("(?m)^\\s*(?:private\\s+)?global\\s+([^;{\\n]+)");
    private static final Pattern ALIAS = Pattern.compile("(?m)^\\s*probe\\s+([^{=]+?)\\s*\\+?=");

    private static volatile List<Entry> builtin;

    private final List<Entry> entries;
    private final Map<String, Set<Entry>> byFunction = new LinkedHashMap<>();
    private final Map<String, Set<Entry>> byGlobal = new LinkedHashMap<>();
    private final Map<String, Set<Entry>> byAliasHead = new LinkedHashMap<>();

    public TapsetLibrary(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (Entry e : this.entries) index(e);
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
        List<Entry> out = new ArrayList<>();
        for (String name : indexNames()) {
            if (!name.endsWith(".stp")) continue;
            String text = resource("tapset/" + name);
            if (text != null) out.add(new Entry("tapset/" + name, text));
        }
        builtin = b = List.copyOf(out);
        return b;
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

    private void index(Entry e) {
        Matcher m = FUNCTION.matcher(e.text());
        while (m.find()) byFunction.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(e);
        m = GLOBAL.matcher(e.text());
        while (m.find()) {
            for (String part : m.group(1).split(",")) {
                String n = part.strip().replaceAll("[^A-Za-z0-9_].*$", "");
                if (!n.isEmpty()) byGlobal.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(e);
            }
        }
        m = ALIAS.matcher(e.text());
        while (m.find()) {
            for (String name : m.group(1).split(",")) {
                String head = name.strip().split("[.(]", 2)[0];
                if (!head.isEmpty()) byAliasHead.computeIfAbsent(head, k -> new LinkedHashSet<>()).add(e);
            }
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

    public Set<String> functionNames() {
        return byFunction.keySet();
    }
}
