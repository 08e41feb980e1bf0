package org.jstap.debuginfo.btf;

import java.io.IOException;
import java.util.Arrays;

/**
 * Decompresses the LZ4 "legacy" frame format (magic {@code 02 21 4c 18}) that Linux uses for LZ4-compressed kernel
 * images: after the magic, a sequence of blocks, each a little-endian compressed length followed by one LZ4 block
 * that expands to at most 8 MiB. The stream has no end marker; it ends at end of input, at a new magic, or at a length
 * that cannot be a block (the kernel appends the uncompressed size, which is far larger than any block).
 */
public final class Lz4Legacy {
    public static final int MAGIC = 0x184C2102;
    private static final int MAX_BLOCK = 8 << 20;
    private static final int MAX_COMPRESSED = MAX_BLOCK + MAX_BLOCK / 255 + 16;

    private Lz4Legacy() {}

    /**
     * Decompresses the frame starting at {@code off} (the magic) and ending no later than {@code end}.
     * {@code sizeHint} is the expected output size, or 0 if unknown.
     */
    public static byte[] decompress(byte[] in, int off, int end, int sizeHint) throws IOException {
        if (off + 4 > end || le32(in, off) != MAGIC) throw new IOException("no LZ4 legacy magic at offset " + off);
        byte[] out = new byte[sizeHint > 0 ? sizeHint + MAX_BLOCK : Math.max(1 << 20, (end - off) * 3)];
        int op = 0;
        int ip = off + 4;
        while (ip + 4 <= end) {
            int clen = le32(in, ip);
            if (clen == MAGIC || clen <= 0 || clen > MAX_COMPRESSED || ip + 4 + clen > end) break;
            ip += 4;
            if (out.length - op < MAX_BLOCK) out = Arrays.copyOf(out, Math.max(out.length * 2, op + MAX_BLOCK));
            op = block(in, ip, ip + clen, out, op);
            ip += clen;
        }
        if (op == 0) throw new IOException("empty LZ4 stream");
        return op == out.length ? out : Arrays.copyOf(out, op);
    }

    /** Decodes one LZ4 block from {@code in[ip..end)} into {@code out} at {@code op}; returns the new output position. */
    static int block(byte[] in, int ip, int end, byte[] out, int op) throws IOException {
        final int outStart = op;
        try {
            while (ip < end) {
                int token = in[ip++] & 0xff;
                int lit = token >>> 4;
                if (lit == 15) {
                    int b;
                    do { b = in[ip++] & 0xff; lit += b; } while (b == 255);
                }
                System.arraycopy(in, ip, out, op, lit);
                ip += lit;
                op += lit;
                if (ip >= end) break;                       // the last sequence has literals only
                int offset = (in[ip] & 0xff) | (in[ip + 1] & 0xff) << 8;
                ip += 2;
                if (offset == 0 || offset > op - outStart) throw new IOException("bad LZ4 match offset " + offset);
                int len = token & 15;
                if (len == 15) {
                    int b;
                    do { b = in[ip++] & 0xff; len += b; } while (b == 255);
                }
                len += 4;
                int from = op - offset;
                if (offset >= len) {
                    System.arraycopy(out, from, out, op, len);
                    op += len;
                } else {                                    // overlapping copy repeats the last `offset` bytes
                    for (int i = 0; i < len; i++) out[op++] = out[from + i];
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IOException("corrupt LZ4 block", e);
        }
        return op;
    }

    static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
