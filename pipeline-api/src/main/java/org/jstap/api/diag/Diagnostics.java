package org.jstap.api.diag;

import java.util.ArrayList;
import java.util.List;

/** The sink every stage reports into. Keeps everything, counts errors; not thread-safe by design (one per run). */
public final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();
    private final boolean suppressWarnings;
    private final boolean warningsAreErrors;

    public Diagnostics() {
        this(false, false);
    }

    /** {@code -w} suppresses warnings; {@code -W} turns them into errors. */
    public Diagnostics(boolean suppressWarnings, boolean warningsAreErrors) {
        this.suppressWarnings = suppressWarnings;
        this.warningsAreErrors = warningsAreErrors;
    }

    public void report(Diagnostic d) {
        if (d.severity() == Severity.WARNING) {
            if (warningsAreErrors) d = new Diagnostic(d.code(), Severity.ERROR, d.span(), d.message(), d.hint(), d.related());
            else if (suppressWarnings) return;
        }
        all.add(d);
    }

    public void error(String code, Span span, String message) {
        report(Diagnostic.error(code, span, message));
    }

    public void warning(String code, Span span, String message) {
        report(Diagnostic.warning(code, span, message));
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Diagnostic::isError);
    }

    public long errorCount() {
        return all.stream().filter(Diagnostic::isError).count();
    }

    /** How many diagnostics are held now: a mark for {@link #retractErrors}. */
    public int mark() {
        return all.size();
    }

    /**
     * Takes back the errors reported since {@code mark} and returns them: an optional probe point ({@code ?},
     * {@code !}) that cannot be resolved is skipped, not an error. Warnings stay, and so do the warnings {@code -W}
     * made errors (their codes are {@code warn.*}).
     */
    public List<Diagnostic> retractErrors(int mark) {
        List<Diagnostic> taken = new ArrayList<>();
        for (int i = all.size() - 1; i >= mark; i--) {
            if (all.get(i).isError() && !all.get(i).code().startsWith("warn.")) taken.add(0, all.remove(i));
        }
        return taken;
    }

    public List<Diagnostic> all() {
        return List.copyOf(all);
    }
}
