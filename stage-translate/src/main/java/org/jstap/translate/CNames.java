package org.jstap.translate;


/** C spellings: string literals, identifiers derived from script names. */
final class CNames {
    private CNames() {}

    /** A C string literal for {@code s} (UTF-8 bytes, non-printables as octal escapes). */
    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        byte[] bytes = org.jstap.api.ScriptBytes.encode(s); // a script's raw bytes stay themselves
        for (int i = 0; i < bytes.length; i++) {
            int ch = bytes[i] & 0xff;
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '?' -> b.append(i + 1 < bytes.length && bytes[i + 1] == '?' ? "\\?" : "?"); // trigraphs
                default -> {
                    if (ch < 0x20 || ch >= 0x7f) b.append(String.format("\\%03o", ch));
                    else b.append((char) ch);
                }
            }
        }
        return b.append('"').toString();
    }

    /** A fragment safe inside a C identifier. */
    static String ident(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) b.append(Character.isLetterOrDigit(ch) && ch < 128 ? ch : '_');
        return b.toString();
    }

    /** Text safe inside a C comment. */
    static String comment(String s) {
        return s.replace("*/", "* /").replace("/*", "/ *").replace("\n", " ");
    }
}
