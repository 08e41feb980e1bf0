package org.jstap.api.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A run target that can start a user-space helper program on its machine with piped stdin and stdout: the bpf
 * backend's loader ({@code jstapbpf}) in the test VM, so one engine (on this machine) drives kernel probes
 * elsewhere. The helper must be self-contained (statically linked); the target copies it once and keeps it
 * by its hash.
 *
 * <p>The helper's stdout must be frames ({@code u32 type, u32 length, payload}, little-endian, type below
 * 0xffff): when the helper ends, the target delivers one frame of type {@link #END_FRAME} (no payload) and
 * then end of stream.
 */
public interface HelperHost extends RunTarget {
    int END_FRAME = 0xffff;

    /**
     * Copies {@code program} (cached by {@code programHash}) and {@code file} to the target and starts
     * {@code program FILE ARGS...} (args: plain words, no blanks). The caller owns the result and must close it;
     * its stderr goes to {@code err}.
     */
    Helper start(byte[] program, String programHash, byte[] file, String fileSuffix, java.util.List<String> args,
                 PrintStream err) throws IOException;

    /**
     * As above, with the kernel modules {@code modules} (names as {@code /proc/modules} spells them) loaded on the
     * target first, with what they depend on, and unloaded when the helper is closed (the ones this call loaded).
     * The default loads nothing: a target that cannot load modules leaves the helper's attach to say so.
     */
    default Helper start(byte[] program, String programHash, byte[] file, String fileSuffix, java.util.List<String> args,
                         java.util.List<String> modules, PrintStream err) throws IOException {
        return start(program, programHash, file, fileSuffix, args, err);
    }

    /** A running helper. */
    interface Helper extends AutoCloseable {
        InputStream stdout();

        OutputStream stdin();

        /** Waits for the helper to end (it was asked to), then releases the target; kills it after the timeout. */
        @Override
        void close() throws IOException;
    }
}
