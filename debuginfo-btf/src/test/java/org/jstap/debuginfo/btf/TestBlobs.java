package org.jstap.debuginfo.btf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/** The checked-in Debian cloud kernel BTF (see src/test/resources/btf/README.md), loaded once per test JVM. */
public final class TestBlobs {
    public static final String KERNEL_BTF = "/btf/vmlinux-cloud-amd64.btf.gz";
    private static volatile byte[] raw;
    private static volatile BtfDebugInfo kernel;

    private TestBlobs() {}

    public static byte[] kernelBytes() {
        if (raw == null) {
            synchronized (TestBlobs.class) {
                if (raw == null) {
                    try (InputStream in = new GZIPInputStream(TestBlobs.class.getResourceAsStream(KERNEL_BTF), 1 << 16)) {
                        raw = in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return raw;
    }

    public static BtfDebugInfo kernel() {
        if (kernel == null) {
            synchronized (TestBlobs.class) {
                if (kernel == null) {
                    try {
                        kernel = BtfDebugInfo.load(kernelBytes(), "kernel");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return kernel;
    }
}
