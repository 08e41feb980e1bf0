package org.jstap.api.artefact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Plain tar files of named byte blobs, written reproducibly (fixed mtime, no owner names, entries in the given
 * order) so that equal artefacts give equal bytes and hashes. Shared by the tar artefact codecs.
 */
final class TarEntries {
    /** 2000-01-01: any fixed time; 0 makes some tar tools warn. */
    private static final long MTIME_MS = 946_684_800_000L;

    private TarEntries() {}

    static void write(Map<String, byte[]> entries, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out), "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            TarArchiveEntry te = new TarArchiveEntry(checkPath(e.getKey()));
            te.setSize(e.getValue().length);
            te.setMode(0100644);
            te.setModTime(MTIME_MS);
            tar.putArchiveEntry(te);
            tar.write(e.getValue());
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    /** Regular files only, in archive order; directories are implied by paths. */
    static Map<String, byte[]> read(InputStream in) throws IOException, ArtefactException {
        byte[] all = in.readAllBytes();
        Map<String, byte[]> plain = readPlain(all);
        return plain != null ? plain : readAny(new java.io.ByteArrayInputStream(all));
    }

    /**
     * A tar of plain ustar headers (files and directories, octal sizes, every entry whole), as this class writes
     * for short names, read straight from the bytes; null for anything else (PAX or GNU headers, links, a bad
     * checksum, a short entry), which {@link #readAny} reads and judges. The general reader's first use cost about
     * 15 ms of a cached {@code -p4}.
     */
    static Map<String, byte[]> readPlain(byte[] b) throws ArtefactException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        int pos = 0;
        while (true) {
            if (pos + 512 > b.length) return null; // no end-of-archive block
            if (zeroBlock(b, pos)) return out;
            if (!checksumOk(b, pos)) return null;
            byte type = b[pos + 156];
            if (type != '0' && type != 0 && type != '5') return null;
            String name = field(b, pos, 100);
            if (field(b, pos + 257, 6).equals("ustar") && b[pos + 345] != 0) name = field(b, pos + 345, 155) + "/" + name;
            if ((b[pos + 124] & 0x80) != 0) return null;
            long size;
            try {
                String sz = field(b, pos + 124, 12).trim();
                size = sz.isEmpty() ? 0 : Long.parseLong(sz, 8);
            } catch (NumberFormatException e) {
                return null;
            }
            pos += 512;
            if (size > b.length - pos) return null;
            boolean directory = type == '5' || name.endsWith("/");
            if (!directory) {
                if (name.startsWith("./")) name = name.substring(2);
                try {
                    checkPath(name);
                } catch (IllegalArgumentException bad) {
                    throw new ArtefactException(bad.getMessage());
                }
                if (out.put(name, java.util.Arrays.copyOfRange(b, pos, pos + (int) size)) != null) {
                    throw new ArtefactException("duplicate entry '" + name + "'");
                }
            }
            pos += (int) ((size + 511) / 512 * 512);
        }
    }

    private static boolean zeroBlock(byte[] b, int at) {
        for (int i = at; i < at + 512; i++) if (b[i] != 0) return false;
        return true;
    }

    private static boolean checksumOk(byte[] b, int at) {
        long sum = 0;
        for (int i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? ' ' : b[at + i] & 0xff;
        try {
            String want = field(b, at + 148, 8).trim();
            return !want.isEmpty() && Long.parseLong(want, 8) == sum;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String field(byte[] b, int at, int len) {
        int n = 0;
        while (n < len && b[at + n] != 0) n++;
        return new String(b, at, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Any tar commons-compress reads. */
    static Map<String, byte[]> readAny(InputStream in) throws IOException, ArtefactException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8");
        TarArchiveEntry e;
        try {
            while ((e = tar.getNextEntry()) != null) {
                if (e.isDirectory()) continue;
                if (!e.isFile()) throw new ArtefactException("unexpected non-file entry '" + e.getName() + "'");
                String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                try {
                    checkPath(name);
                } catch (IllegalArgumentException bad) {
                    throw new ArtefactException(bad.getMessage());
                }
                ByteArrayOutputStream buf = new ByteArrayOutputStream((int) Math.max(0, Math.min(e.getSize(), 1 << 26)));
                tar.transferTo(buf);
                if (out.put(name, buf.toByteArray()) != null) {
                    throw new ArtefactException("duplicate entry '" + name + "'");
                }
            }
        } catch (IllegalArgumentException | IOException bad) {
            if (bad instanceof IOException io && out.isEmpty() && io.getMessage() == null) throw io;
            throw new ArtefactException("not a readable tar artefact (" + bad.getMessage() + ")", bad);
        }
        return out;
    }

    /** Relative, normalised, no {@code ..}: a path must not escape the directory it is unpacked into. */
    static String checkPath(String p) {
        if (p.isEmpty() || p.startsWith("/") || p.contains("\\") || p.endsWith("/")) {
            throw new IllegalArgumentException("bad artefact path '" + p + "'");
        }
        for (String part : p.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("bad artefact path '" + p + "'");
            }
        }
        return p;
    }

    /** Lets the codec finish the tar without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
