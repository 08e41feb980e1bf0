package org.jstap.backend.interp;

/**
 * Kernel memory for the engine's handlers, where a backend can read it (bpf: a BPF program its loader runs per
 * read). Interp itself has none ({@link #NONE}): every read faults with stap's text, and target variables stay a
 * compile-time refusal. Called on the engine's thread only.
 */
public interface KernelMemory {
    /** {@code len} bytes at {@code addr} (little-endian as the kernel's), or null when the memory cannot be read. */
    byte[] read(long addr, int len);

    /** The NUL-terminated string at {@code addr}, at most {@code max} bytes before the NUL (byte string), or null on a fault. */
    String string(long addr, int max);

    /** The running kernel's address of symbol {@code name} (its kallsyms), 0 when it has none. */
    long symbol(String name);

    /** {@code task_current()}: the task that runs the handlers' reads (kmod's begin: its loader's task). */
    long currentTask();

    /** Whether there is memory at all (false: interp's own, where target variables cannot compile). */
    default boolean available() {
        return true;
    }

    KernelMemory NONE = new KernelMemory() {
        @Override public byte[] read(long addr, int len) { return null; }

        @Override public String string(long addr, int max) { return null; }

        @Override public long symbol(String name) { return 0; }

        @Override public long currentTask() { return 0; }

        @Override public boolean available() { return false; }
    };

    /** A little-endian integer of {@code bytes} (1, 2, 4, 8) at the start of {@code b}, sign- or zero-extended. */
    static long integer(byte[] b, int bytes, boolean signed) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) v = (v << 8) | (b[i] & 0xff);
        if (signed && bytes < 8) {
            int sh = 64 - 8 * bytes;
            v = (v << sh) >> sh;
        }
        return v;
    }
}
