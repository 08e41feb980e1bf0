package org.jstap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jstap.api.artefact.Artefact;
import org.jstap.api.artefact.ArtefactCodec;
import org.jstap.api.artefact.ArtefactException;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.artefact.Codecs;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.artefact.ModuleCodec;
import org.jstap.api.artefact.ModuleCodecs;
import org.jstap.api.artefact.ModuleSourceArtefact;
import org.jstap.api.artefact.ModuleSourceCodec;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrCheck;
import org.jstap.api.ir.IrCodec;

/**
 * The artefacts the driver can save, cache and start from: which codec reads each, which pass produces it, how
 * to tell a file's kind from its content ({@code header.kind} of a JSON file, the first entry of a tar), and the
 * header checks every loaded artefact passes.
 */
final class ArtefactFiles {
    /** One known artefact kind. */
    record Kind(String kind, int pass, Class<? extends Artefact> type, ArtefactCodec<? extends Artefact> codec) {}

    static final List<Kind> KINDS = List.of(
            new Kind(AstArtefact.KIND, 1, AstArtefact.class, Codecs.AST),
            new Kind(IrArtefact.KIND, 2, IrArtefact.class, IrCodec.IR),
            new Kind(ModuleSourceArtefact.KIND, 3, ModuleSourceArtefact.class, ModuleCodecs.MODULE_SRC),
            new Kind(ModuleArtefact.KIND, 4, ModuleArtefact.class, ModuleCodecs.MODULE));

    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{16,128}");
    /** Only {@link #sniff} reads JSON here: made on first use (a mapper costs tens of milliseconds). */
    private static final class Sniffer {
        static final ObjectMapper JSON = new ObjectMapper(org.jstap.api.artefact.Json.factory());
    }

    private ArtefactFiles() {}

    static Optional<Kind> forType(Class<?> type) {
        return KINDS.stream().filter(k -> k.type().equals(type)).findFirst();
    }

    static Optional<Kind> forKind(String kind) {
        return KINDS.stream().filter(k -> k.kind().equals(kind)).findFirst();
    }

    @SuppressWarnings("unchecked")
    static byte[] encode(Kind k, Object artefact) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Object r = onDeepStack(() -> {
            ((ArtefactCodec<Artefact>) k.codec()).write((Artefact) artefact, b);
            return null;
        });
        if (r instanceof IOException e) throw new UncheckedIOException(e);
        if (r instanceof RuntimeException e) throw e;
        if (r instanceof Error e) throw e;
        return b.toByteArray();
    }

    /** Stack for Jackson's recursive walk of a tree as deep as the parser accepts (the launcher's -Xss8m aside). */
    static final long CODEC_STACK = 512L << 20;

    /** Runs {@code job} on a thread with {@link #CODEC_STACK}; returns its result, or the Throwable it threw. */
    static Object onDeepStack(java.util.concurrent.Callable<Object> job) {
        Object[] out = new Object[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = job.call();
            } catch (Throwable e) {
                out[0] = e;
            }
        }, "jstap-codec", CODEC_STACK);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IOException("interrupted");
        }
        return out[0];
    }

    /** Decodes and validates; every problem is an {@link ArtefactException} with a one-line reason. */
    static Artefact decode(Kind k, byte[] bytes) throws ArtefactException {
        if (k.pass() >= 3) checkTarComplete(bytes);
        Object r = onDeepStack(() -> k.codec().read(new ByteArrayInputStream(bytes)));
        if (r instanceof ArtefactException e) throw e;
        if (r instanceof IOException || r instanceof RuntimeException || r instanceof StackOverflowError) {
            Throwable e = (Throwable) r;
            throw new ArtefactException("cannot read the '" + k.kind() + "' artefact: " + e.getMessage(), e);
        }
        if (r instanceof Error e) throw e;
        Artefact a = (Artefact) r;
        checkHeader(k, a.header());
        if (a instanceof IrArtefact ir) IrCheck.check(ir); // untrusted until checked: --from, a cache entry
        return a;
    }

    /** Beyond the codec's kind and format version: a producer and a plausible input hash. */
    static void checkHeader(Kind k, ArtefactHeader h) throws ArtefactException {
        if (h == null) throw new ArtefactException("no artefact header");
        if (h.producer() == null || h.producer().isBlank() || h.producerVersion() == null || h.producerVersion().isBlank()) {
            throw new ArtefactException("the header names no producing stage and version");
        }
        if (h.inputHash() == null || !HASH.matcher(h.inputHash()).matches()) {
            throw new ArtefactException("the header's input hash '" + h.inputHash() + "' is not a hex digest");
        }
    }

    /**
     * Every entry as long as its header says, and the end-of-archive marker present: a tar reader hands out the
     * short last entry of a truncated file without complaint. A walk over the 512-byte headers (checksum, size),
     * not a tar reader: reading a 450 KB module through one took about 10 ms of a cached {@code -p4}.
     */
    static void checkTarComplete(byte[] bytes) throws ArtefactException {
        int pos = 0;
        while (pos + 512 <= bytes.length && !zero(bytes, pos, 512)) {
            if (!checksumOk(bytes, pos)) throw new ArtefactException("unreadable tar: bad header checksum at byte " + pos);
            String name = text(bytes, pos, 100);
            if ("ustar".equals(text(bytes, pos + 257, 6)) && bytes[pos + 345] != 0) name = text(bytes, pos + 345, 155) + "/" + name;
            long size;
            try {
                size = number(bytes, pos + 124, 12);
            } catch (NumberFormatException e) {
                throw new ArtefactException("unreadable tar: bad size of entry '" + name + "'");
            }
            byte type = bytes[pos + 156];
            pos += 512;
            if (type == '5') continue; // a directory has no content
            long have = Math.max(0, Math.min(size, bytes.length - (long) pos));
            if (have != size) {
                throw new ArtefactException("truncated tar: entry '" + name + "' has " + have + " of its " + size + " bytes");
            }
            pos += (int) ((size + 511) / 512 * 512);
        }
        int end = bytes.length;
        if (end < 1024 || end % 512 != 0) throw new ArtefactException("truncated tar: no end-of-archive marker");
        for (int i = end - 1024; i < end; i++) {
            if (bytes[i] != 0) throw new ArtefactException("truncated tar: no end-of-archive marker");
        }
    }

    private static boolean zero(byte[] b, int from, int len) {
        for (int i = from; i < from + len; i++) if (b[i] != 0) return false;
        return true;
    }

    /** The header's checksum: the sum of its bytes, the checksum field counted as spaces (signed sums accepted too). */
    private static boolean checksumOk(byte[] b, int at) {
        long unsigned = 0, signed = 0;
        for (int i = 0; i < 512; i++) {
            int v = i >= 148 && i < 156 ? ' ' : b[at + i];
            unsigned += v & 0xff;
            signed += v;
        }
        long want;
        try {
            want = number(b, at + 148, 8);
        } catch (NumberFormatException e) {
            return false;
        }
        return want == unsigned || want == signed;
    }

    /** An octal field (NUL/space padded), or base-256 when its first byte has the high bit set. */
    private static long number(byte[] b, int at, int len) {
        if ((b[at] & 0x80) != 0) {
            long v = b[at] & 0x7f;
            for (int i = 1; i < len; i++) v = (v << 8) | (b[at + i] & 0xff);
            return v;
        }
        String s = text(b, at, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    private static String text(byte[] b, int at, int len) {
        int n = 0;
        while (n < len && b[at + n] != 0) n++;
        return new String(b, at, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The kind a file holds, from its content alone. */
    static Kind sniff(byte[] bytes) throws ArtefactException {
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) i++;
        if (i < bytes.length && bytes[i] == '{') {
            JsonNode kind;
            try {
                kind = Sniffer.JSON.readTree(bytes).path("header").path("kind");
            } catch (IOException e) {
                throw new ArtefactException("not a JSON artefact: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (!kind.isTextual()) throw new ArtefactException("a JSON file without header.kind is not a jstap artefact");
            return forKind(kind.asText()).orElseThrow(() -> new ArtefactException("unknown artefact kind '"
                    + kind.asText() + "' (known: ast, ir, module-src, module)"));
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(bytes))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isDirectory()) continue;
                String n = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (n.equals(ModuleSourceCodec.HEADER_ENTRY)) return forKind(ModuleSourceArtefact.KIND).orElseThrow();
                if (n.equals(ModuleCodec.MANIFEST_ENTRY)) return forKind(ModuleArtefact.KIND).orElseThrow();
                break;
            }
        } catch (IOException | RuntimeException e) {
            // falls through to the message below
        }
        throw new ArtefactException("neither a JSON artefact nor a tar starting with " + ModuleSourceCodec.HEADER_ENTRY
                + " or " + ModuleCodec.MANIFEST_ENTRY);
    }

    /** Writes a file whole or not at all: a crash never leaves a truncated artefact behind. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try { // createTempFile makes it private; an artefact is as readable as any file we write
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
