package org.jstap.api.ir;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.jstap.api.diag.Span;

/**
 * One global variable after inference.
 * <ul>
 * <li>{@code name}: as the script spells it; {@code mangled}: unique C-safe name ({@code private} globals of a
 * tapset file get {@code __private_FILE_name}), use it for symbols.</li>
 * <li>{@code type}: the value type (LONG, STRING or STATS); {@code keyTypes}: empty for a scalar, else the array's
 * key types in order (LONG or STRING).</li>
 * <li>{@code maxEntries}: {@code global a[N]}, or null for the default {@code MAXMAPENTRIES}; {@code wrap}:
 * {@code global a%} (overwrite the oldest entry when full instead of an overflow error).</li>
 * <li>{@code init}: initial value or null (0 / "").</li>
 * <li>{@code histograms}: every histogram shape the program asks of this statistic, so a backend can keep the
 * right buckets; {@code statFns}: the {@code @count/@sum/...} extractors used on it (names like {@code "@avg"}).</li>
 * <li>{@code written}/{@code read}: whether any probe or function writes/reads it (a read-only global with an
 * init can be a constant; an unread written one still prints at exit like stap if it is never read).</li>
 * <li>{@code bitShift}: {@code @variance(s, N)}'s N (0 without one): the running mean and sum of squares are kept
 * scaled by 2^N, the variance read is scaled back by 2^2N.</li>
 * </ul>
 */
public record IrGlobal(Span span, String name, String mangled, IrType type, List<IrType> keyTypes, Long maxEntries,
                       boolean wrap, IrConst init, boolean isPrivate, List<HistParams> histograms,
                       List<String> statFns, boolean written, boolean read, int bitShift) {
    public IrGlobal(Span span, String name, String mangled, IrType type, List<IrType> keyTypes, Long maxEntries,
                    boolean wrap, IrConst init, boolean isPrivate, List<HistParams> histograms,
                    List<String> statFns, boolean written, boolean read) {
        this(span, name, mangled, type, keyTypes, maxEntries, wrap, init, isPrivate, histograms, statFns, written,
                read, 0);
    }

    public IrGlobal {
        keyTypes = List.copyOf(keyTypes);
        histograms = List.copyOf(histograms);
        statFns = List.copyOf(statFns);
    }

    @JsonIgnore
    public boolean isArray() {
        return !keyTypes.isEmpty();
    }
}
