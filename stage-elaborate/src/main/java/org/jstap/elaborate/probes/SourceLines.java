package org.jstap.elaborate.probes;

import java.io.IOException;
import java.util.Optional;
import org.jstap.api.ast.ProbePoint.Component;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.ir.PointContext;
import org.jstap.elaborate.dwarf.SourceIndex;

/**
 * The kernel's source index for points that name source files or lines: BTF has no source positions, so these
 * read the DWARF of Debian's {@code -dbg} package when it is installed, and are a clear error naming that package
 * when it is not. Only such points ever load it.
 */
final class SourceLines {
    private SourceLines() {}

    /** The index, or empty after reporting why there is none (at {@code c}). */
    static Optional<SourceIndex> kernel(PointContext ctx, Component c, String what) {
        return kernel(ctx, c, what, true);
    }

    /** As {@link #kernel(PointContext, Component, String)}; without {@code report}, quietly empty when not installed. */
    static Optional<SourceIndex> kernel(PointContext ctx, Component c, String what, boolean report) {
        return kernel(ctx, c.span(), what, report);
    }

    /** As {@link #kernel(PointContext, Component, String, boolean)}, reporting at {@code span}. */
    static Optional<SourceIndex> kernel(PointContext ctx, org.jstap.api.diag.Span span, String what, boolean report) {
        Optional<String> release = ctx.kernelRelease();
        if (!report && (release.isEmpty() || !java.nio.file.Files.isRegularFile(SourceIndex.kernelDebugFile(release.get()))))
            return Optional.empty();
        if (release.isEmpty()) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_NEEDS_DWARF, span,
                    what + " needs the kernel's DWARF, and the target kernel is not known"));
            return Optional.empty();
        }
        try {
            Optional<SourceIndex> s = SourceIndex.kernel(release.get());
            if (s.isEmpty()) {
                ctx.diagnostics().report(Diagnostic.error(Codes.SEM_NEEDS_DWARF, span, what
                        + " needs source lines, which BTF does not have: they come from the kernel's DWARF ("
                        + SourceIndex.kernelDebugFile(release.get()) + ", not installed)")
                        .withHint("install the package " + SourceIndex.kernelDebugPackage(release.get())));
            }
            return s;
        } catch (IOException e) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_NEEDS_DWARF, span, what + ": cannot read "
                    + SourceIndex.kernelDebugFile(release.get()) + ": " + e.getMessage()));
            return Optional.empty();
        }
    }

    /** The source index of kernel module {@code name} from its debug file in the -dbg package, or empty after an error. */
    static Optional<SourceIndex> module(PointContext ctx, Component c, String name, String what) {
        return module(ctx, c, name, what, true);
    }

    /** As {@link #module(PointContext, Component, String, String)}; without {@code report}, quietly empty. */
    static Optional<SourceIndex> module(PointContext ctx, Component c, String name, String what, boolean report) {
        Optional<String> release = ctx.kernelRelease();
        if (!report && release.isEmpty()) return Optional.empty();
        if (release.isEmpty()) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_NEEDS_DWARF, c.span(),
                    what + " needs the module's DWARF, and the target kernel is not known"));
            return Optional.empty();
        }
        java.nio.file.Path root = java.nio.file.Path.of("/usr/lib/debug/lib/modules", release.get());
        String want = name.replace('-', '_') + ".ko";
        java.nio.file.Path found = null;
        if (java.nio.file.Files.isDirectory(root)) {
            try (var walk = java.nio.file.Files.walk(root)) {
                found = walk.filter(f -> f.getFileName().toString().replace('-', '_').equals(want)).findFirst().orElse(null);
            } catch (IOException | java.io.UncheckedIOException e) {
                found = null;
            }
        }
        if (found == null) {
            if (!report) return Optional.empty();
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_NEEDS_DWARF, c.span(), what
                    + " needs source lines, which BTF does not have: they come from the module's DWARF ("
                    + root + "/.../" + name + ".ko, not installed)")
                    .withHint("install the package " + SourceIndex.kernelDebugPackage(release.get())));
            return Optional.empty();
        }
        try {
            return Optional.of(SourceIndex.of(found));
        } catch (IOException e) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_NEEDS_DWARF, c.span(), what + ": cannot read " + found
                    + ": " + e.getMessage()));
            return Optional.empty();
        }
    }

    /** A line spec's range: {@code *} every line, {@code N}, {@code N-M}; null when it is none of these. */
    static long[] lines(String spec) {
        if (spec.equals("*")) return new long[] {0, Integer.MAX_VALUE};
        try {
            int dash = spec.indexOf('-');
            long lo = Long.parseLong(dash < 0 ? spec : spec.substring(0, dash));
            return new long[] {lo, dash < 0 ? lo : Long.parseLong(spec.substring(dash + 1))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A file pattern against a unit's file names: the whole name ({@code fs/open.c}), or its end after a {@code /}
     * ({@code prog.c} for a program compiled as {@code /home/me/prog.c}).
     */
    static java.util.function.Predicate<String> fileMatcher(String pattern) {
        java.util.function.Predicate<String> m = org.jstap.irtools.Glob.matcher(pattern);
        return f -> {
            if (m.test(f)) return true;
            for (int i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) if (m.test(f.substring(i + 1))) return true;
            return false;
        };
    }

    /** {@code "NAME@FILE:LINE"} split: name, file ("" for none), line spec (null for none; "*" or a number). */
    record Spec(String name, String file, String line) {
        static Spec parse(String s) {
            int at = s.indexOf('@');
            if (at < 0) return new Spec(s, "", null);
            String rest = s.substring(at + 1);
            int colon = rest.lastIndexOf(':');
            if (colon < 0) return new Spec(s.substring(0, at), rest, null);
            return new Spec(s.substring(0, at), rest.substring(0, colon), rest.substring(colon + 1));
        }
    }
}
