package org.jstap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jstap.api.KernelInfo;
import org.jstap.api.Pass;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.spi.Registry;

/**
 * Pass-1 throughput: parses (1) a generated 10,000-line script and (2) every script of the conformance parse/ok
 * corpus, after warm-up, and prints lines/s and ms per file. Target: 10k lines in under 150 ms warm.
 * Usage: {@code ParseBench [lines] [corpus-dir]}; see bench/parse.sh.
 */
public final class ParseBench {
    private static final KernelInfo KERNEL = new KernelInfo("6.1.0-0-bench-amd64", "#1 SMP", "x86_64",
            Map.of("CONFIG_X86_64", "y"), null, null);

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path corpus = Path.of(args.length > 1 ? args[1] : "conformance-tests/parse/ok");

        Optional<Stage<?, ?>> found = Registry.discover(ParseBench.class.getClassLoader()).stage(Pass.PARSE, org.jstap.api.spi.Backend.KMOD);
        if (found.isEmpty()) {
            System.err.println("parse-bench: no pass-1 stage on the class path");
            System.exit(1);
        }
        @SuppressWarnings("unchecked")
        Stage<ScriptSource, ?> parse = (Stage<ScriptSource, ?>) found.get();
        System.out.println("stage: " + parse.name() + " " + parse.version() + " (" + parse.getClass().getName() + ")");

        ScriptSource big = new ScriptSource("generated.stp", CorpusGenerator.script(lines));
        int bigLines = lineCount(big.text());
        measure("generated script", List.of(big), List.of(List.of()), bigLines, parse);

        List<ScriptSource> files = new ArrayList<>();
        List<List<String>> fileArgs = new ArrayList<>();
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> s = Files.list(corpus)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".stp")).sorted().toList()) {
                    String text = Files.readString(p);
                    files.add(new ScriptSource(p.getFileName().toString(), text));
                    fileArgs.add(headerArgs(text));
                }
            }
        }
        if (files.isEmpty()) {
            System.out.println("corpus: none at " + corpus);
        } else {
            int total = files.stream().mapToInt(f -> lineCount(f.text())).sum();
            measure("corpus " + corpus + " (" + files.size() + " files)", files, fileArgs, total, parse);
        }
    }

    /** Warm up for about 3 s, then time 15 rounds over all inputs and report the median round. */
    private static void measure(String what, List<ScriptSource> inputs, List<List<String>> args, int lines,
                                Stage<ScriptSource, ?> parse) throws IOException {
        List<StageContext> contexts = new ArrayList<>();
        for (List<String> a : args) {
            contexts.add(StageContext.of(SessionOptions.builder().lastPass(1).scriptArgs(a).build(), () -> KERNEL));
        }
        int failures = round(inputs, contexts, parse);
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        int warmRounds = 0;
        while (System.nanoTime() < warmUntil) {
            round(inputs, contexts, parse);
            warmRounds++;
        }
        long[] ns = new long[15];
        for (int i = 0; i < ns.length; i++) {
            long t0 = System.nanoTime();
            round(inputs, contexts, parse);
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        double medianMs = ns[ns.length / 2] / 1e6;
        double minMs = ns[0] / 1e6;
        System.out.printf("%s: %,d lines, %d warm-up rounds; median %.1f ms (min %.1f ms) per round, %,.0f lines/s, "
                        + "%.3f ms per file%s%n", what, lines, warmRounds, medianMs, minMs, lines / (medianMs / 1000),
                medianMs / inputs.size(), failures == 0 ? "" : "; " + failures + " file(s) FAILED to parse");
    }

    /** Parses every input once; returns how many failed (the diagnostics are not the point here). */
    private static int round(List<ScriptSource> inputs, List<StageContext> contexts, Stage<ScriptSource, ?> parse) {
        int failed = 0;
        for (int i = 0; i < inputs.size(); i++) {
            // A fresh diagnostics sink per parse, as a real run has.
            StageContext c = contexts.get(i);
            StageContext ctx = StageContext.of(c.options(), c.kernel());
            try {
                parse.run(inputs.get(i), ctx);
            } catch (StageFailedException e) {
                failed++;
            }
        }
        return failed;
    }

    /** {@code #! jstap -p1 -- a "b c"}: the script arguments after {@code --}. */
    static List<String> headerArgs(String text) {
        String first = text.lines().findFirst().orElse("");
        int dd = first.indexOf(" -- ");
        if (!first.startsWith("#!") || dd < 0) return List.of();
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false, any = false;
        for (char c : first.substring(dd + 4).toCharArray()) {
            if (c == '"') { quoted = !quoted; any = true; }
            else if (c == ' ' && !quoted) { if (any) out.add(cur.toString()); cur.setLength(0); any = false; }
            else { cur.append(c); any = true; }
        }
        if (any) out.add(cur.toString());
        return out;
    }

    private static int lineCount(String s) {
        return (int) s.chars().filter(c -> c == '\n').count();
    }
}
