package org.jstap.parse;

import java.util.List;
import org.antlr.v4.runtime.Token;
import org.jstap.api.KernelInfo;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.irtools.Glob;

import org.jstap.parse.grammar.StapLexer;

/**
 * Evaluates the condition of one {@code %( ... %?}: comparisons {@code name op value} joined by {@code &&}
 * (binding tighter) and {@code ||}, as stap accepts them (no parentheses, no {@code !}). Names: {@code kernel_v},
 * {@code kernel_vr}, {@code systemtap_v} (version order, globs with == and !=), {@code arch}, {@code runtime},
 * {@code systemtap_privilege} (strings, globs with == and !=), {@code guru_mode} (0/1), {@code CONFIG_*}
 * (against a string, a number or another CONFIG_*); or two literals of the same kind. The right side of a
 * short-circuited operand is checked but not evaluated, so it never needs the kernel.
 */
final class ConditionEvaluator {
    /** A malformed condition; reported once, the conditional is then taken as false. */
    private static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Token at;

        Bad(Token at, String message) {
            super(message, null, false, false);
            this.at = at;
        }
    }

    private static final String EXPECTED_NAME = "expected 'arch', 'kernel_v', 'kernel_vr', 'systemtap_v', 'runtime', "
            + "'systemtap_privilege', 'guru_mode', 'CONFIG_...' or a literal";

    private final Reporter diags;
    private final ConditionEnv env;
    private final Token open;
    private List<Token> toks;
    private int pos;

    ConditionEvaluator(Reporter diags, ConditionEnv env, Token open) {
        this.diags = diags;
        this.env = env;
        this.open = open;
    }

    boolean evaluate(List<Token> tokens) {
        toks = tokens;
        pos = 0;
        try {
            if (tokens.isEmpty()) throw new Bad(open, "empty condition after '%('");
            boolean v = or(true);
            if (pos < toks.size()) {
                throw new Bad(toks.get(pos), "expected '&&', '||' or '%?' but found " + Tokens.describe(toks.get(pos)));
            }
            return v;
        } catch (Bad b) {
            diags.report(Diagnostic.error(Codes.PREPROC_BAD_CONDITION, Tokens.span(b.at), b.getMessage())
                    .withHint("conditions look like: %( kernel_v >= \"5.10\" && arch == \"x86_64\" %? ... %: ... %)"));
            return false;
        }
    }

    private Token peek() {
        return pos < toks.size() ? toks.get(pos) : null;
    }

    private Token next(String expected) {
        if (pos >= toks.size()) throw new Bad(toks.isEmpty() ? open : toks.get(toks.size() - 1),
                expected + " but the condition ends");
        return toks.get(pos++);
    }

    private boolean or(boolean eval) {
        boolean v = and(eval);
        while (peek() != null && peek().getType() == StapLexer.OROR) {
            pos++;
            boolean r = and(eval && !v);
            v = v || r;
        }
        return v;
    }

    private boolean and(boolean eval) {
        boolean v = comparison(eval);
        while (peek() != null && peek().getType() == StapLexer.ANDAND) {
            pos++;
            boolean r = comparison(eval && v);
            v = v && r;
        }
        return eval && v;
    }

    private enum Kind { VERSION, STRING, NUMBER, CONFIG }

    /** One side of a comparison: its kind and, when evaluated, its value. */
    private record Operand(Token at, Kind kind, String text, Long number) {}

    private boolean comparison(boolean eval) {
        Operand left = operand(eval, true);
        Token op = next("expected a comparison operator (==, !=, <, <=, >, >=)");
        int o = op.getType();
        if (o != StapLexer.EQ && o != StapLexer.NE && o != StapLexer.LT && o != StapLexer.LE && o != StapLexer.GT
                && o != StapLexer.GE) {
            throw new Bad(op, "expected a comparison operator (==, !=, <, <=, >, >=) but found " + Tokens.describe(op));
        }
        Operand right = operand(eval, false);
        check(left, right);
        // stap 4.8 compares these names (and a CONFIG_ option with a string) only for (glob) equality, in pass 1
        boolean nameOnly = left.at().getType() == StapLexer.IDENT && (left.kind() == Kind.STRING
                || left.kind() == Kind.CONFIG && right.kind() == Kind.STRING);
        if (nameOnly && o != StapLexer.EQ && o != StapLexer.NE) {
            throw new Bad(op, "'" + left.at().getText() + "' is compared with == or != only (a name or a glob), not "
                    + Tokens.describe(op));
        }
        if (!eval) return false;
        int cmp;
        boolean equality = o == StapLexer.EQ || o == StapLexer.NE;
        switch (left.kind()) {
            case NUMBER -> cmp = Long.compare(left.number(), right.number());
            case VERSION -> {
                if (equality && Glob.isPattern(right.text())) cmp = Glob.compile(right.text()).matches(left.text()) ? 0 : 1;
                else cmp = compareVersions(left.text(), right.text());
            }
            case CONFIG -> {
                if (right.kind() == Kind.NUMBER) {
                    Long v = configNumber(left.text());
                    if (v == null) return o == StapLexer.NE;
                    cmp = Long.compare(v, right.number());
                } else if (equality && Glob.isPattern(right.text())) {
                    cmp = Glob.compile(right.text()).matches(left.text()) ? 0 : 1;
                } else {
                    cmp = left.text().compareTo(right.text());
                }
            }
            default -> {
                if (equality && Glob.isPattern(right.text()) && left.at().getType() == StapLexer.IDENT) {
                    cmp = Glob.compile(right.text()).matches(left.text()) ? 0 : 1;
                } else {
                    cmp = left.text().compareTo(right.text());
                }
            }
        }
        return switch (o) {
            case StapLexer.EQ -> cmp == 0;
            case StapLexer.NE -> cmp != 0;
            case StapLexer.LT -> cmp < 0;
            case StapLexer.LE -> cmp <= 0;
            case StapLexer.GT -> cmp > 0;
            default -> cmp >= 0;
        };
    }

    private static void check(Operand left, Operand right) {
        switch (left.kind()) {
            case VERSION, STRING -> {
                if (right.kind() != Kind.STRING) {
                    throw new Bad(right.at(), "expected a string literal to compare '" + left.at().getText()
                            + "' with but found " + Tokens.describe(right.at()));
                }
            }
            case NUMBER -> {
                if (right.kind() != Kind.NUMBER) {
                    throw new Bad(right.at(), "expected a number to compare with but found " + Tokens.describe(right.at()));
                }
            }
            case CONFIG -> {
                if (right.kind() == Kind.VERSION) {
                    throw new Bad(right.at(), "expected a string, a number or another CONFIG_... but found "
                            + Tokens.describe(right.at()));
                }
            }
        }
    }

    private Operand operand(boolean eval, boolean left) {
        Token t = next(left ? EXPECTED_NAME : "expected a value to compare with");
        switch (t.getType()) {
            case StapLexer.STRING -> {
                return new Operand(t, Kind.STRING, Literal.decodeString(t.getText(), i -> { }), null);
            }
            case StapLexer.NUMBER -> {
                return new Operand(t, Kind.NUMBER, t.getText(), number(t, false));
            }
            case StapLexer.MINUS -> {
                Token n = next("expected a number after '-'");
                if (n.getType() != StapLexer.NUMBER) throw new Bad(n, "expected a number after '-' but found " + Tokens.describe(n));
                return new Operand(t, Kind.NUMBER, "-" + n.getText(), number(n, true));
            }
            case StapLexer.IDENT -> {
                String name = t.getText();
                if (name.startsWith("CONFIG_")) return new Operand(t, Kind.CONFIG, eval ? config(t) : "", null);
                if (!left) break;
                switch (name) {
                    case "kernel_v" -> {
                        return new Operand(t, Kind.VERSION, eval ? kernel(t).versionNumber() : "", null);
                    }
                    case "kernel_vr" -> {
                        return new Operand(t, Kind.VERSION, eval ? kernel(t).release() : "", null);
                    }
                    case "systemtap_v" -> {
                        return new Operand(t, Kind.VERSION, env.systemtapVersion(), null);
                    }
                    case "arch" -> {
                        return new Operand(t, Kind.STRING, env.archOption() != null ? env.archOption() : eval ? kernel(t).arch() : "", null);
                    }
                    case "runtime" -> {
                        return new Operand(t, Kind.STRING, env.runtime(), null);
                    }
                    case "systemtap_privilege" -> {
                        return new Operand(t, Kind.STRING, env.privilege(), null);
                    }
                    case "guru_mode" -> {
                        return new Operand(t, Kind.NUMBER, "", env.guru() ? 1L : 0L);
                    }
                    default -> { }
                }
            }
            default -> { }
        }
        if (t.getType() == StapLexer.AT_DEFINED) {
            throw new Bad(t, "@defined cannot be tested by the preprocessor (it needs debug information); "
                    + "use it in a script expression instead");
        }
        throw new Bad(t, (left ? EXPECTED_NAME : "expected a string, a number or CONFIG_...") + " but found "
                + Tokens.describe(t));
    }

    private static Long number(Token t, boolean negate) {
        Long v = Literal.parseNumber(t.getText());
        if (v == null) throw new Bad(t, "invalid number '" + t.getText() + "'");
        return negate ? -v : v;
    }

    private KernelInfo kernel(Token t) {
        KernelInfo k = env.kernel();
        if (k == null) {
            throw new Bad(t, "'" + t.getText() + "' needs the target kernel, which is unknown (" + env.kernelProblem() + ")");
        }
        return k;
    }

    private String config(Token t) {
        KernelInfo k = kernel(t);
        String name = t.getText();
        String v = k.config().get(name);
        if (v == null) v = k.config().get(name.substring("CONFIG_".length()));
        if (v == null) return "";
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
        return v;
    }

    private static Long configNumber(String v) {
        if (v.isEmpty()) return null;
        boolean neg = v.startsWith("-");
        Long n = Literal.parseNumber(neg ? v.substring(1) : v);
        return n == null ? null : neg ? -n : n;
    }

    /** Version order: runs of digits compare numerically, other runs as text; a prefix sorts first. */
    static int compareVersions(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            boolean da = Character.isDigit(a.charAt(i)), db = Character.isDigit(b.charAt(j));
            int si = i, sj = j;
            if (da && db) {
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                String x = a.substring(si, i).replaceFirst("^0+(?=.)", ""), y = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
                if (c != 0) return c;
            } else {
                while (i < a.length() && !Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && !Character.isDigit(b.charAt(j))) j++;
                int c = a.substring(si, i).compareTo(b.substring(sj, j));
                if (c != 0) return c;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
