package org.jstap.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Scripts are bytes, as they are to stap: a Latin-1 comment or string is no error, and a string's bytes reach the
 * output unchanged. Java text holds them losslessly: valid UTF-8 decodes to its characters, and every byte that is
 * not part of valid UTF-8 becomes the lone surrogate {@code U+DC00 + byte} (U+DC80..U+DCFF, as Python's
 * "surrogateescape"), which {@link #encode} turns back into that byte. Every place that turns script text into
 * bytes (C string literals, the interpreter's byte strings, hashes) goes through {@link #encode}.
 */
public final class ScriptBytes {
    private ScriptBytes() {}

    private static final char ESCAPE_BASE = '\uDC00';

    /** Script bytes as Java text: UTF-8, with each undecodable byte as U+DC00+byte. */
    public static String decode(byte[] bytes) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        while (true) {
            CoderResult r = dec.decode(in, out, true);
            if (r.isUnderflow()) break;
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) out.put((char) (ESCAPE_BASE + (in.get() & 0xff)));
            } else if (r.isOverflow()) { // cannot happen: one char per byte at most
                throw new IllegalStateException("decoder overflow");
            }
        }
        dec.flush(out);
        out.flip();
        return out.toString();
    }

    /** True for a character that stands for one raw byte (see {@link #decode}). */
    public static boolean isEscapedByte(char c) {
        return c >= '\uDC80' && c <= '\uDCFF';
    }

    /** The byte an escaped character stands for, or for a character below 0x100 itself (string escapes). */
    public static char escapedByte(int b) {
        return (char) (b < 0x80 ? b : ESCAPE_BASE + (b & 0xff));
    }

    /** Java text back to script bytes: UTF-8, each escaped byte as itself. */
    public static byte[] encode(String s) {
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) plain = false;
        }
        if (plain) return s.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 16);
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isEscapedByte(c) && !pairedLow(s, i)) {
                byte[] run = s.substring(from, i).getBytes(StandardCharsets.UTF_8);
                out.write(run, 0, run.length);
                out.write(c - ESCAPE_BASE);
                from = i + 1;
            }
        }
        byte[] run = s.substring(from).getBytes(StandardCharsets.UTF_8);
        out.write(run, 0, run.length);
        return out.toByteArray();
    }

    /** A low surrogate right after a high one is half of a real character, not an escaped byte. */
    private static boolean pairedLow(String s, int i) {
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
