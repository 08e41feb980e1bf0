package org.jstap.parse;

import java.math.BigInteger;

/** Decoding of number and string literal spellings, with stap's rules. */
final class Literal {
    private Literal() {}

    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /**
     * The value of a decimal, octal ({@code 0777}) or hex ({@code 0x1f}) literal. Like stap, anything up to
     * 2^64-1 is accepted and wraps to a negative long; returns null for a malformed or larger literal.
     */
    static Long parseNumber(String text) {
        if (text == null || text.isEmpty()) return null;
        int radix = 10;
        String digits = text;
        if (text.length() > 1 && text.charAt(0) == '0') {
            if (text.charAt(1) == 'x' || text.charAt(1) == 'X') {
                radix = 16;
                digits = text.substring(2);
            } else {
                radix = 8;
                digits = text.substring(1);
            }
        }
        if (digits.isEmpty()) return null;
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) return null;
        }
        if (digits.length() <= 15 && radix == 10 || digits.length() <= 15 && radix == 16 || digits.length() <= 20 && radix == 8) {
            return Long.parseLong(digits, radix);
        }
        // More significant digits than 2^64-1 has is too large whatever they are; BigInteger's parse of a
        // million-digit literal would take quadratic time to say so.
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') lead++;
        int maxDigits = radix == 10 ? 20 : radix == 16 ? 16 : 22;
        if (digits.length() - lead > maxDigits) return null;
        BigInteger v = new BigInteger(digits.substring(lead), radix);
        if (v.compareTo(MAX_U64) > 0) return null;
        return v.longValue();
    }

    /**
     * The characters of a string literal token (quotes included) with escapes decoded. Known escapes are
     * {@code \n \t \r \a \b \f \v \\ \" \'}, octal {@code \NNN} (up to three digits) and hex {@code \xHH}; like
     * stap, any other escaped character stands for itself ({@code badEscape} is told about it).
     */
    static String decodeString(String token, java.util.function.IntConsumer badEscape) {
        return decodeString(token, false, badEscape);
    }

    /**
     * As {@link #decodeString(String, java.util.function.IntConsumer)}; with {@code keepUnknown} (regular
     * expressions) an unknown escape keeps its backslash, so {@code "a\.b"} still means a literal dot.
     */
    static String decodeString(String token, boolean keepUnknown, java.util.function.IntConsumer badEscape) {
        int end = token.length();
        if (end >= 2 && token.charAt(end - 1) == '"') end--;
        StringBuilder b = new StringBuilder(end);
        for (int i = 1; i < end; i++) {
            char c = token.charAt(i);
            if (c != '\\' || i + 1 >= end) {
                b.append(c);
                continue;
            }
            char e = token.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'a' -> b.append((char) 7);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'v' -> b.append((char) 11);
                case '\\', '"', '\'', '?' -> b.append(e);
                case 'x' -> {
                    int v = 0, n = 0;
                    while (n < 2 && i + 1 < end && Character.digit(token.charAt(i + 1), 16) >= 0) {
                        v = v * 16 + Character.digit(token.charAt(++i), 16);
                        n++;
                    }
                    if (n == 0) {
                        badEscape.accept(i - 1);
                        if (keepUnknown) b.append('\\');
                        b.append('x');
                    } else {
                        b.append(org.jstap.api.ScriptBytes.escapedByte(v)); // "\xe9" is the byte 0xe9, as in C
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0', n = 1;
                        while (n < 3 && i + 1 < end && token.charAt(i + 1) >= '0' && token.charAt(i + 1) <= '7') {
                            v = v * 8 + (token.charAt(++i) - '0');
                            n++;
                        }
                        b.append(org.jstap.api.ScriptBytes.escapedByte(v & 0xff));
                    } else {
                        badEscape.accept(i - 1);
                        if (keepUnknown) b.append('\\');
                        b.append(e);
                    }
                }
            }
        }
        return b.toString();
    }
}
