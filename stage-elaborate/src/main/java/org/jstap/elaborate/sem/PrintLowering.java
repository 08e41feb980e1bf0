package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jstap.api.ast.Expr;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.ir.Format;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrType;

/**
 * Lowers every print form to one {@link IrExpr.Print} over a pre-parsed {@link Format}: {@code printf/sprintf}
 * parse their literal format; {@code print/println/sprint/sprintln} get {@code %d}/{@code %s} per argument type;
 * {@code printd/printdln} join with their literal delimiter. {@code print(@hist_*(s))} becomes a HistPrint.
 */
final class PrintLowering {
    static final Set<String> NAMES = Set.of("printf", "sprintf", "print", "println", "sprint", "sprintln", "printd",
            "printdln", "sprintd", "sprintdln");

    private final BodyElaborator body;

    PrintLowering(BodyElaborator body) {
        this.body = body;
    }

    IrExpr lower(Expr.Call call) {
        String n = call.name();
        boolean toText = n.startsWith("s");
        List<Expr> args = call.args();
        switch (n) {
            case "printf", "sprintf" -> {
                if (args.isEmpty() || !(args.get(0) instanceof Expr.StrLit fmt)) {
                    body.error(Diagnostic.error(Codes.SEM_BAD_FORMAT, call.span(),
                            n + " needs a literal format string as its first argument"));
                    return new IrExpr.Print(call.span(), new Format(List.of()), List.of(), toText);
                }
                Format f;
                try {
                    f = FormatParser.parse(fmt.value());
                } catch (FormatParser.BadFormat e) {
                    body.error(Diagnostic.error(Codes.SEM_BAD_FORMAT, fmt.span(), e.getMessage())
                            .withHint("conversions are %d %i %u %o %x %X %c %s %p %b %m %M and %%"));
                    return new IrExpr.Print(call.span(), new Format(List.of()), List.of(), toText);
                }
                List<IrType> want = FormatParser.argTypes(f);
                List<IrExpr> irArgs = new ArrayList<>();
                for (int i = 1; i < args.size(); i++) irArgs.add(args.get(i).accept(body));
                if (want.size() != irArgs.size()) {
                    body.error(Diagnostic.error(Codes.SEM_BAD_FORMAT, call.span(), "format '" + fmt.value()
                            + "' takes " + want.size() + " argument(s), " + irArgs.size() + " given"));
                    return new IrExpr.Print(call.span(), f, irArgs, toText);
                }
                for (int i = 0; i < want.size(); i++) {
                    IrExpr a = irArgs.get(i);
                    body.noStats(a);
                    body.expect(a, want.get(i), a.span(), "argument " + (i + 1) + " of " + n);
                }
                return new IrExpr.Print(call.span(), f, irArgs, toText);
            }
            case "print", "println", "sprint", "sprintln" -> {
                boolean ln = n.endsWith("ln");
                if (args.size() == 1 && args.get(0) instanceof Expr.Hist h && !toText) {
                    return body.histPrint(h, call.span());
                }
                return joined(call, args, null, ln, toText);
            }
            default -> { // printd, printdln, sprintd, sprintdln
                boolean ln = n.endsWith("ln");
                if (args.isEmpty() || !(args.get(0) instanceof Expr.StrLit delim)) {
                    body.error(Diagnostic.error(Codes.SEM_BAD_FORMAT, call.span(),
                            n + " needs a literal delimiter string as its first argument"));
                    return new IrExpr.Print(call.span(), new Format(List.of()), List.of(), toText);
                }
                return joined(call, args.subList(1, args.size()), delim.value(), ln, toText);
            }
        }
    }

    private IrExpr joined(Expr.Call call, List<Expr> args, String delim, boolean newline, boolean toText) {
        List<Format.Segment> segs = new ArrayList<>();
        List<IrExpr> irArgs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0 && delim != null && !delim.isEmpty()) segs.add(new Format.Text(delim));
            IrExpr a = args.get(i).accept(body);
            body.noStats(a);
            IrType t = a.type() == null ? null : a.type();
            boolean str = t == IrType.STRING;
            segs.add(new Format.Conv("", -1, -1, str ? 's' : 'd', t == null ? IrType.LONG : t, str ? "%s" : "%d"));
            irArgs.add(a);
        }
        if (newline) segs.add(new Format.Text("\n"));
        return new IrExpr.Print(call.span(), new Format(merge(segs)), irArgs, toText);
    }

    /** Adjacent text segments merged, so printers emit one string. */
    static List<Format.Segment> merge(List<Format.Segment> in) {
        List<Format.Segment> out = new ArrayList<>();
        for (Format.Segment s : in) {
            if (s instanceof Format.Text t && !out.isEmpty() && out.get(out.size() - 1) instanceof Format.Text p) {
                out.set(out.size() - 1, new Format.Text(p.text() + t.text()));
            } else {
                out.add(s);
            }
        }
        return out;
    }
}
