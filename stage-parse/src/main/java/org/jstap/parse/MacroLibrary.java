package org.jstap.parse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jstap.api.StageContext;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Span;

/**
 * Macro libraries ({@code .stpm} files): every one under each {@code -I} directory (recursively, in name order),
 * then every one listed in the class-path resource {@code tapset/INDEX} (paths relative to {@code tapset/}, one
 * per line; absent is fine). Their {@code @define}s are visible to every script; a later library redefines an
 * earlier one's macro.
 */
final class MacroLibrary {
    private MacroLibrary() {}

    static final String INDEX = "tapset/INDEX";

    /** The macros and a digest of every library text they came from (for cache keys). */
    record Loaded(Map<String, Macro> macros, String digest) {}

    static Loaded load(StageContext ctx) {
        Map<String, Macro> macros = new HashMap<>();
        org.jstap.api.artefact.Hashes digest = org.jstap.api.artefact.Hashes.start();
        for (String name : indexEntries()) {
            if (!name.endsWith(".stpm")) continue;
            String text = resource("tapset/" + name);
            if (text != null) {
                digest.add("tapset/" + name).add(text);
                define("tapset/" + name, text, ctx, macros);
            }
        }
        for (Path dir : ctx.options().includeDirs()) {
            if (!Files.isDirectory(dir)) continue;
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> p.toString().endsWith(".stpm") && Files.isRegularFile(p)).sorted().forEach(files::add);
            } catch (IOException | RuntimeException e) {
                ctx.diagnostics().warning(Codes.DRIVER_IO, Span.NONE, "cannot list macro libraries in " + dir + ": " + e.getMessage());
            }
            for (Path f : files) {
                try {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    digest.add(f.toString()).add(text);
                    define(f.toString(), text, ctx, macros);
                } catch (IOException | RuntimeException e) {
                    ctx.diagnostics().warning(Codes.DRIVER_IO, Span.NONE, "cannot read macro library " + f + ": " + e.getMessage());
                }
            }
        }
        return new Loaded(macros, digest.hex());
    }

    /** Runs the preprocessor over a library so its {@code @define}s land in {@code macros}; other text is ignored. */
    static void define(String name, String text, StageContext ctx, Map<String, Macro> macros) {
        ctx.sources().put(name, text);
        ConditionEnv env = new ConditionEnv(ctx.options(), ctx.kernel());
        Reporter r = new Reporter(ctx.diagnostics());
        new Preprocessor(r, env, macros, macros).run(Lexing.lex(name, text, r));
    }

    private static List<String> indexEntries() {
        List<String> out = new ArrayList<>();
        try {
            ClassLoader cl = MacroLibrary.class.getClassLoader();
            Enumeration<URL> urls = cl.getResources(INDEX);
            while (urls.hasMoreElements()) {
                try (InputStream in = urls.nextElement().openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String l = line.trim();
                        if (!l.isEmpty() && !l.startsWith("#")) out.add(l);
                    }
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static String resource(String path) {
        try (InputStream in = MacroLibrary.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
