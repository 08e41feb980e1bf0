package org.jstap.backend.bpf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.jstap.backend.interp.KernelMemory;

/**
 * Kernel memory for interp's engine through the loader (wherever it runs: here, or in the test VM): each read is
 * one {@code uread} command, which runs jstap_uread.h's syscall program once. A loader that cannot answer is a
 * fault of the read (the session ends on the loader's loss anyway).
 */
final class LoaderMemory implements KernelMemory {
    private volatile LoaderSession loader;
    private final Map<String, Long> symbols = new HashMap<>();
    private long task;

    /** The loader, once it loaded the object (the engine may be made before; it reads nothing until it runs). */
    void attach(LoaderSession ls) {
        loader = ls;
    }

    /** rc, addr, bytes as the loader's reply has them; null when it could not run the reader. */
    private ByteBuffer call(int kind, long addr, int len) {
        LoaderSession ls = loader;
        if (ls == null) return null;
        try {
            LoaderSession.Reply r = ls.call("uread " + kind + " 0x" + Long.toHexString(addr) + " " + len);
            return r.type() == LoaderSession.FR_OK && r.payload().length >= 16 ? r.buffer() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public byte[] read(long addr, int len) {
        ByteBuffer b = call(0, addr, len);
        if (b == null || b.getLong(0) < len) return null;
        byte[] out = new byte[len];
        b.position(16);
        b.get(out);
        return out;
    }

    @Override
    public String string(long addr, int max) {
        ByteBuffer b = call(1, addr, max + 1);
        if (b == null || b.getLong(0) < 0) return null;
        StringBuilder s = new StringBuilder(b.remaining());
        for (int i = 16; i < b.limit(); i++) s.append((char) (b.get(i) & 0xff)); // byte strings: one char per byte
        return s.toString();
    }

    @Override
    public long symbol(String name) {
        return symbols.computeIfAbsent(name, n -> {
            LoaderSession ls = loader;
            if (ls == null) return 0L;
            try {
                LoaderSession.Reply r = ls.call("ksym " + n);
                return r.type() == LoaderSession.FR_OK && r.payload().length == 8 ? r.buffer().getLong(0) : 0L;
            } catch (IOException e) {
                return 0L;
            }
        });
    }

    @Override
    public long currentTask() {
        if (task == 0) {
            ByteBuffer b = call(2, 0, 0);
            if (b != null) task = b.getLong(8);
        }
        return task;
    }
}
