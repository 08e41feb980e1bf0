package org.jstap.backend.interp;

import java.nio.charset.StandardCharsets;

/**
 * Script strings are C byte strings. The interpreter keeps them as Java strings with one char per byte (ISO-8859-1
 * view of the UTF-8 bytes), so lengths, truncation at MAXSTRINGLEN, {@code substr} and comparisons count bytes
 * exactly as runtime-c does, and output is the same bytes.
 */
final class Strs {
    private Strs() {}

    /** Script text (a Java string from the parser) as a byte string. */
    static String fromJava(String s) {
        if (s == null) return "";
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) return new String(org.jstap.api.ScriptBytes.encode(s), StandardCharsets.ISO_8859_1);
        }
        return s;
    }

    /** A byte string back to Java text (for messages that leave the interpreter). */
    static String toJava(String s) {
        return org.jstap.api.ScriptBytes.decode(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] bytes(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Cut to what fits a char[maxStringLen] with its NUL, like {@code jst_strcpy}. */
    static String fit(String s, int maxStringLen) {
        return s.length() > maxStringLen - 1 ? s.substring(0, Math.max(0, maxStringLen - 1)) : s;
    }
}
