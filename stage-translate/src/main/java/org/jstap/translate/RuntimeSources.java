package org.jstap.translate;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime-c files a module needs, read from runtime-c's resources ({@code runtime/...}). The set follows
 * runtime-c/README.md: the core files always, the statistics and map parts only when the script has them, the
 * kbuild fragment and the kernel API probes it runs.
 */
final class RuntimeSources {
    static final String PREFIX = "runtime/";
    private static final Pattern AC_TESTS = Pattern.compile("JST_AC_TESTS\\s*:=\\s*(.*)");

    private RuntimeSources() {}

    static List<String> names(boolean maps, boolean stats) {
        List<String> n = new ArrayList<>(List.of("jst_limits.h", "jst_shim.h", "jst_shim_kernel.h", "jst_string.h",
                "jst_string.c", "jst_context.h", "jst_context.c", "jst_printf.h", "jst_printf.c", "jst_memory.h",
                "jst_memory.c", "jst_transport.h", "jst_transport.c", "jst_control.h", "jst_control.c", "jst_probes.h",
                "jst_probes.c", "jst_runtime.h", "jst_runtime.c", "jst_runtime.mk"));
        if (maps || stats) n.addAll(List.of("jst_stat.h", "jst_stat.c"));
        if (maps) n.addAll(List.of("jst_map.h", "jst_map.c"));
        return n;
    }

    /** Path in the module dir to contents. */
    static Map<String, byte[]> load(boolean maps, boolean stats) {
        Map<String, byte[]> out = new TreeMap<>();
        Set<String> names = new LinkedHashSet<>(names(maps, stats));
        for (String n : names) out.put(n, read(n));
        String mk = new String(out.get("jst_runtime.mk"), java.nio.charset.StandardCharsets.UTF_8);
        Matcher m = AC_TESTS.matcher(mk);
        if (m.find()) {
            for (String t : m.group(1).trim().split("\\s+")) {
                if (!t.isEmpty()) out.put("autoconf/" + t + ".c", read("autoconf/" + t + ".c"));
            }
        }
        return out;
    }

    private static byte[] read(String name) {
        try (InputStream in = RuntimeSources.class.getClassLoader().getResourceAsStream(PREFIX + name)) {
            if (in == null) throw new IllegalStateException("runtime-c resource missing: " + PREFIX + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read runtime-c resource " + name, e);
        }
    }
}
