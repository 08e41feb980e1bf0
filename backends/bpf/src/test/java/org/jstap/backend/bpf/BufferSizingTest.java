package org.jstap.backend.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jstap.api.SessionOptions;
import org.junit.jupiter.api.Test;

/** -s MB as the BPF ring buffer's size, and how many string slots the per-CPU hit scratch holds. */
class BufferSizingTest {
    private static long ring(Integer mb) {
        return BpfRunStage.ringBytes(SessionOptions.builder().bufferSizeMb(mb).build());
    }

    @Test
    void ringIsMbRoundedUpToAPowerOfTwo() {
        assertEquals(4L << 20, ring(null), "default");
        assertEquals(1L << 20, ring(1));
        assertEquals(4L << 20, ring(3));
        assertEquals(4L << 20, ring(4));
        assertEquals(8L << 20, ring(5));
        assertEquals(64L << 20, ring(64));
        assertEquals(1024L << 20, ring(4095), "capped at 1 GB");
    }

    @Test
    void stringSlotsFitThePerCpuValue() {
        for (int maxStr : new int[] {16, 128, 512, 1024, 4096}) {
            int n = BpfCWriter.maxStringSlots(maxStr);
            assertTrue(n >= 1 && n <= 48, maxStr + ": " + n);
            // the scratch: 16 bytes of header, a key buffer of at most 2 * MAX_KEY, n slots of 2 * MAXSTRINGLEN
            assertTrue(16 + 2 * BpfCWriter.MAX_KEY + n * 2L * maxStr <= BpfCWriter.PERCPU_VALUE_MAX, maxStr + ": " + n);
        }
        assertEquals(30, BpfCWriter.maxStringSlots(512), "the default MAXSTRINGLEN");
    }
}
