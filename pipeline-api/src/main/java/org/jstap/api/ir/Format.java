package org.jstap.api.ir;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A pre-parsed printf format. Every print form ({@code printf sprintf print println sprint sprintln printd
 * printdln}) is lowered to one of these, so backends implement one formatter. Conversions consume arguments in
 * order; {@code *} width/precision consume one more long argument each, before the value.
 */
public record Format(List<Segment> segments) {
    public Format {
        segments = List.copyOf(segments);
    }

    /** Number of arguments this format consumes. */
    public int argumentCount() {
        int n = 0;
        for (Segment s : segments) {
            if (s instanceof Conv c) n += c.consumes();
        }
        return n;
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "seg")
    public sealed interface Segment {}

    /** Literal text, {@code %%} already reduced to {@code %}. */
    public record Text(String text) implements Segment {}

    /**
     * One conversion: {@code flags} from {@code -+ #0}; {@code width}/{@code precision} -1 when absent, -2 when
     * {@code *} (taken from the arguments); {@code conversion} one of {@code d i u o x X c s p b m M}; {@code argType}
     * LONG or STRING (the argument's checked type). {@code spec} is the original text ({@code %-8.3s}).
     */
    public record Conv(String flags, int width, int precision, char conversion, IrType argType, String spec)
            implements Segment {
        public int consumes() {
            return 1 + (width == -2 ? 1 : 0) + (precision == -2 ? 1 : 0);
        }
    }
}
