package org.jstap.backend.interp;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ir.Format;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrType;

/**
 * A print form's {@link Format} split once into literal text and conversions that name their argument slots, then
 * rendered from evaluated arguments by {@link Printf}. Shared by the interpreter's print forms and by other
 * backends that format records produced elsewhere (bpf's ring buffer) through {@link UserSpaceEngine}.
 */
final class FormatPieces {
    /** One format piece: literal text or a conversion reading argument slots. */
    private record Piece(String text, char conv, int flags, int width, int prec, int widthArg, int precArg,
                         int valueArg, boolean str) {}

    private final Piece[] pieces;
    private final int n;

    private FormatPieces(Piece[] pieces, int n) {
        this.pieces = pieces;
        this.n = n;
    }

    static FormatPieces of(IrExpr.Print e) {
        int n = e.args().size();
        List<Piece> pieces = new ArrayList<>();
        int arg = 0;
        for (Format.Segment seg : e.format().segments()) {
            if (seg instanceof Format.Text t) {
                pieces.add(new Piece(Strs.fromJava(t.text()), (char) 0, 0, 0, 0, -1, -1, -1, false));
            } else if (seg instanceof Format.Conv c) {
                int wa = c.width() == -2 ? arg++ : -1;
                int pa = c.precision() == -2 ? arg++ : -1;
                int va = arg++;
                boolean str = va < n && e.args().get(va).type() == IrType.STRING;
                pieces.add(new Piece(null, c.conversion(), Printf.flags(c.flags()), c.width(), c.precision(), wa, pa,
                        va, str));
            }
        }
        return new FormatPieces(pieces.toArray(Piece[]::new), n);
    }

    /**
     * Appends the formatted text to {@code o}: {@code lv[i]} for long arguments, {@code sv[i]} for strings.
     * Returns -1, or the index of a {@code %m}/{@code %M} argument (a memory read the caller reports as a fault).
     */
    int render(StringBuilder o, long[] lv, String[] sv) {
        for (Piece p : pieces) {
            if (p.text != null) {
                o.append(p.text);
                continue;
            }
            int flags = p.flags;
            long width = p.width, prec = p.prec;
            if (p.widthArg >= 0) {
                width = lv[p.widthArg];
                if (width < 0) width = -1; // stap ignores a negative '*' width
            }
            if (p.precArg >= 0) {
                prec = lv[p.precArg];
                if (prec < 0) prec = 0; // stap: a negative '.*' precision is 0
            }
            if (p.valueArg >= n) {
                o.append('%');
            } else if (p.str) {
                Printf.stringConv(o, p.conv, flags, width, prec, sv[p.valueArg]);
            } else if (!Printf.longConv(o, p.conv, flags, width, prec, lv[p.valueArg])) {
                return p.valueArg;
            }
        }
        return -1;
    }
}
