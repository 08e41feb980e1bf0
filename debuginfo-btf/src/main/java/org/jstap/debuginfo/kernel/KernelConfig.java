package org.jstap.debuginfo.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A kernel {@code .config} ({@code /boot/config-<rel>} or a build dir's {@code .config}) as a map:
 * {@code CONFIG_FOO=y} → {@code CONFIG_FOO → y}; string values lose their quotes; {@code # ... is not set} lines
 * are absent, as the preprocessor's {@code CONFIG_*} tests expect.
 */
public final class KernelConfig {
    private KernelConfig() {}

    /** Reads a config file; a {@code .gz} name (e.g. {@code /proc/config.gz}) is decompressed. */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> map = new HashMap<>(8192);
        java.io.InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) in = new java.util.zip.GZIPInputStream(in);
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("CONFIG_")) continue;
                int eq = line.indexOf('=');
                if (eq < 0) continue;
                String v = line.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                map.put(line.substring(0, eq).trim(), v);
            }
        }
        return map;
    }

    /** SystemTap's name for the architecture a config builds ({@code x86_64}, {@code i386}, {@code arm64}, ...), or null. */
    public static String arch(Map<String, String> config) {
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
