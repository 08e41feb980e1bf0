package org.jstap.debuginfo.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jstap.api.KernelConfigText;

/**
 * A kernel {@code .config} ({@code /boot/config-<rel>} or a build dir's {@code .config}) as a map:
 * {@code CONFIG_FOO=y} → {@code CONFIG_FOO → y}; string values lose their quotes; {@code # ... is not set} lines
 * are absent, as the preprocessor's {@code CONFIG_*} tests expect.
 */
public final class KernelConfig {
    private KernelConfig() {}

    /** Reads a config file; a {@code .gz} name (e.g. {@code /proc/config.gz}) is decompressed. */
    public static Map<String, String> read(Path file) throws IOException {
        return parse(bytes(file));
    }

    /** A config file as its bytes, parsed only when an entry is asked for ({@link KernelConfigText}). */
    public static KernelConfigText load(Path file) throws IOException {
        boolean plain = !file.getFileName().toString().endsWith(".gz") && !file.toAbsolutePath().startsWith("/proc");
        String before = plain ? identity(file) : null;
        byte[] text = bytes(file);
        String after = plain ? identity(file) : null;
        return new KernelConfigText(text, before != null && before.equals(after) ? before : null, KernelConfig::parse);
    }

    /** What changes when a file is written or replaced, or null when it cannot be told. */
    private static String identity(Path file) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime");
            return file.toAbsolutePath() + " dev " + a.get("dev") + " ino " + a.get("ino") + " size " + a.get("size")
                    + " mtime " + ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.NANOSECONDS)
                    + " ctime " + ((java.nio.file.attribute.FileTime) a.get("ctime")).to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] bytes(Path file) throws IOException {
        try (java.io.InputStream raw = Files.newInputStream(file);
             java.io.InputStream in = file.getFileName().toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw) : raw) {
            return in.readAllBytes();
        }
    }

    /** The entries of a config file's text. */
    public static Map<String, String> parse(byte[] text) {
        Map<String, String> map = new HashMap<>(8192);
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(new String(text, StandardCharsets.ISO_8859_1)))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("CONFIG_")) continue;
                int eq = line.indexOf('=');
                if (eq < 0) continue;
                map.put(line.substring(0, eq).trim(), value(line.substring(eq + 1)));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringReader does not fail
        }
        return map;
    }

    private static String value(String raw) {
        String v = raw.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        return v;
    }

    /** The names {@link #arch} looks at. */
    static final java.util.List<String> ARCH_KEYS = java.util.List.of("CONFIG_X86_64", "CONFIG_X86_32", "CONFIG_X86",
            "CONFIG_ARM64", "CONFIG_ARM", "CONFIG_PPC64", "CONFIG_PPC", "CONFIG_S390", "CONFIG_RISCV", "CONFIG_MIPS");

    /**
     * {@link #arch} of a config file's text without parsing all of it: the entries of {@link #ARCH_KEYS} read as
     * {@link #parse} reads them (the last line of a name wins), in one pass over the bytes.
     */
    static String arch(byte[] text) {
        String s = new String(text, StandardCharsets.ISO_8859_1);
        // Lines by String.indexOf, which start-up has long compiled, where a loop of our own over 120 KB runs in the
        // interpreter (5 ms). A lone CR also ends a line (BufferedReader): such a text takes the byte loop.
        if (s.indexOf('\r') >= 0) return archByBytes(text);
        Map<String, String> found = new HashMap<>();
        int n = s.length();
        for (int i = 0; i < n; ) {
            int end = s.indexOf('\n', i);
            if (end < 0) end = n;
            if (end - i > 7 && s.startsWith("CONFIG_", i) && "XAPSRM".indexOf(s.charAt(i + 7)) >= 0) {
                int eq = s.indexOf('=', i);
                int k = eq; // the name ends before the blanks that trim() drops
                while (k > i && s.charAt(k - 1) <= ' ') k--;
                if (eq >= 0 && eq < end && k - i <= 13) {
                    String key = s.substring(i, eq).trim();
                    if (ARCH_KEYS.contains(key)) found.put(key, value(s.substring(eq + 1, end)));
                }
            }
            i = end + 1;
        }
        return arch(found);
    }

    /** {@link #arch} of a text with CR line ends, byte by byte. */
    static String archByBytes(byte[] text) {
        Map<String, String> found = new HashMap<>();
        int n = text.length;
        int i = 0;
        while (i < n) {
            int end = i;
            while (end < n && text[end] != '\n' && text[end] != '\r') end++;
            if (end - i > 7 && text[i] == 'C' && text[i + 1] == 'O' && text[i + 2] == 'N' && startsWithConfig(text, i)) {
                int eq = i;
                while (eq < end && text[eq] != '=') eq++;
                int k = eq; // the name ends before the blanks that trim() drops
                while (k > i && (text[k - 1] & 0xff) <= ' ') k--;
                // a string only for a name that may be one of the ten (by their eighth letters and lengths)
                if (eq < end && k - i <= 13 && "XAPSRM".indexOf(text[i + 7]) >= 0) {
                    String key = new String(text, i, eq - i, StandardCharsets.ISO_8859_1).trim();
                    if (ARCH_KEYS.contains(key)) found.put(key, value(new String(text, eq + 1, end - eq - 1, StandardCharsets.ISO_8859_1)));
                }
            }
            i = end + 1;
            if (end < n && text[end] == '\r' && i < n && text[i] == '\n') i++;
        }
        return arch(found);
    }

    private static boolean startsWithConfig(byte[] t, int i) {
        return t[i + 3] == 'F' && t[i + 4] == 'I' && t[i + 5] == 'G' && t[i + 6] == '_';
    }

    /** SystemTap's name for the architecture a config builds ({@code x86_64}, {@code i386}, {@code arm64}, ...), or null. */
    public static String arch(Map<String, String> config) {
        if (config instanceof KernelConfigText t) return arch(t.text()); // not parsed for this
        if (has(config, "CONFIG_X86_64")) return "x86_64";
        if (has(config, "CONFIG_X86_32") || has(config, "CONFIG_X86")) return "i386";
        if (has(config, "CONFIG_ARM64")) return "arm64";
        if (has(config, "CONFIG_ARM")) return "arm";
        if (has(config, "CONFIG_PPC64") || has(config, "CONFIG_PPC")) return "powerpc";
        if (has(config, "CONFIG_S390")) return "s390";
        if (has(config, "CONFIG_RISCV")) return "riscv";
        if (has(config, "CONFIG_MIPS")) return "mips";
        return null;
    }

    /** SystemTap's name for a JVM {@code os.arch}. */
    public static String archOfJvm(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "x86", "i386", "i486", "i586", "i686" -> "i386";
            case "aarch64", "arm64" -> "arm64";
            case "arm" -> "arm";
            case "ppc64", "ppc64le", "ppc" -> "powerpc";
            case "s390x", "s390" -> "s390";
            case "riscv64" -> "riscv";
            default -> osArch;
        };
    }

    private static boolean has(Map<String, String> c, String k) {
        String v = c.get(k);
        return "y".equals(v) || "m".equals(v);
    }
}
