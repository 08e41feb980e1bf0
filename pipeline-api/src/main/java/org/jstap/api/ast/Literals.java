package org.jstap.api.ast;

/** Spelling of string literals shared by every printer, so printed scripts parse back to the same value. */
public final class Literals {
    private Literals() {}

    /** Escapes a decoded string so that it can stand between double quotes in a script. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case 0x0b -> b.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) b.append(String.format("\\%03o", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }
}
