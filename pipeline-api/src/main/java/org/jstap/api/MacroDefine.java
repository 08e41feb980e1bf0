package org.jstap.api;

/**
 * The safety check of a {@code -D NAME[=VALUE]} option. The value reaches the kbuild {@code make} command line
 * inside {@code EXTRA_CFLAGS}, which make hands to a shell: so, as stap 4.8 does (its pattern is
 * {@code ^[a-z_][a-z_0-9]*(=-?[a-z_0-9]+)?$}, case-insensitive), only a C identifier, optionally followed by
 * {@code =} and an optional {@code -} then letters, digits and underscores, is accepted. Anything else is refused
 * naming the first character that does not fit.
 */
public final class MacroDefine {
    /** The accepted shape, in stap's spelling, for messages. */
    public static final String PATTERN = "^[a-z_][a-z_0-9]*(=-?[a-z_0-9]+)?$";

    private MacroDefine() {}

    /** Null when {@code raw} (as typed after {@code -D}) is safe, else why not, naming the refused character. */
    public static String problem(String raw) {
        int n = raw.length();
        if (n == 0) return "the name is empty";
        int i = 0;
        if (!identStart(raw.charAt(0))) return refused(raw, 0, "a name starts with a letter or '_'");
        while (i < n && ident(raw.charAt(i))) i++;
        if (i == n) return null;
        if (raw.charAt(i) != '=') return refused(raw, i, "a name has only letters, digits and '_'");
        i++;
        if (i < n && raw.charAt(i) == '-') i++;
        if (i == n) return "the value after '=' is empty (write -D NAME for a macro without a value)";
        while (i < n && ident(raw.charAt(i))) i++;
        if (i == n) return null;
        return refused(raw, i, "a value is an optional '-' then letters, digits and '_'");
    }

    /** The same check on a name and value already split ({@code value} null or empty: {@code -D NAME}). */
    public static String problem(String name, String value) {
        return problem(value == null || value.isEmpty() ? name : name + "=" + value);
    }

    private static String refused(String raw, int at, String rule) {
        return "character " + show(raw.codePointAt(at)) + " at position " + (at + 1) + " is not allowed: " + rule;
    }

    private static String show(int cp) {
        if (cp >= 0x20 && cp < 0x7f) return "'" + (char) cp + "'";
        return String.format("U+%04X", cp);
    }

    private static boolean identStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean ident(char c) {
        return identStart(c) || (c >= '0' && c <= '9');
    }
}
