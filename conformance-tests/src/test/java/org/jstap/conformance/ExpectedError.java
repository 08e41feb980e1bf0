package org.jstap.conformance;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code // ERROR: code} or {@code // ERROR: code @ line:col} line of a ko script. */
record ExpectedError(String code, int line, int col) {
    private static final Pattern LINE = Pattern.compile(
            "^\\s*//\\s*ERROR:\\s*([a-z0-9_.]+)\\s*(?:@\\s*(\\d+):(\\d+))?\\s*$");

    boolean pinned() {
        return line > 0;
    }

    /** Null when {@code text} is not an ERROR line; throws when it starts like one but is malformed. */
    static ExpectedError parse(String text) {
        if (!text.stripLeading().startsWith("// ERROR:")) return null;
        Matcher m = LINE.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException("malformed ERROR line: " + text);
        if (m.group(2) == null) return new ExpectedError(m.group(1), 0, 0);
        return new ExpectedError(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    @Override
    public String toString() {
        return pinned() ? code + " @ " + line + ":" + col : code;
    }
}
