package org.jstap.debuginfo.btf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

public class Lz4LegacyTest {
    /** A legacy stream of literal-only blocks (valid LZ4, no compression): enough to test framing. */
    public static byte[] literalStream(byte[] data, int blockSize, boolean appendSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le32(out, Lz4Legacy.MAGIC);
        for (int off = 0; off < data.length; off += blockSize) {
            int n = Math.min(blockSize, data.length - off);
            ByteArrayOutputStream blk = new ByteArrayOutputStream();
            if (n < 15) {
                blk.write(n << 4);
            } else {
                blk.write(0xf0);
                int rest = n - 15;
                while (rest >= 255) { blk.write(255); rest -= 255; }
                blk.write(rest);
            }
            blk.write(data, off, n);
            le32(out, blk.size());
            out.writeBytes(blk.toByteArray());
        }
        if (appendSize) le32(out, data.length);
        return out.toByteArray();
    }

    static void le32(ByteArrayOutputStream o, int v) {
        o.write(v); o.write(v >>> 8); o.write(v >>> 16); o.write(v >>> 24);
    }

    @Test
    void literalBlocksAndTrailingSize() throws IOException {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31 + i / 7);
        byte[] s = literalStream(data, 30_000, true);
        assertArrayEquals(data, Lz4Legacy.decompress(s, 0, s.length, 0));
        assertArrayEquals(data, Lz4Legacy.decompress(s, 0, s.length, data.length));
    }

    @Test
    void matchesIncludingOverlap() throws IOException {
        // "abc" then match offset 3 length 9 (overlapping) then literals "XY"
        byte[] block = {(byte) 0x35, 'a', 'b', 'c', 3, 0, 0x20, 'X', 'Y'};
        byte[] out = new byte[64];
        int n = Lz4Legacy.block(block, 0, block.length, out, 0);
        assertEquals("abcabcabcabcXY", new String(out, 0, n, StandardCharsets.ISO_8859_1));
        // match with extended length: "a" + match offset 1, length 4+15+10 = 29 → 30 'a's, then empty literals
        byte[] ext = {(byte) 0x1f, 'a', 1, 0, 10, 0x00};
        n = Lz4Legacy.block(ext, 0, ext.length, out, 0);
        assertEquals("a".repeat(30), new String(out, 0, n, StandardCharsets.ISO_8859_1));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IOException.class, () -> Lz4Legacy.decompress(new byte[] {1, 2, 3, 4, 5}, 0, 5, 0));
        byte[] bad = {(byte) 0x10, 'a', 9, 0};               // offset 9 points before the output
        assertThrows(IOException.class, () -> Lz4Legacy.block(bad, 0, bad.length, new byte[16], 0));
    }
}
