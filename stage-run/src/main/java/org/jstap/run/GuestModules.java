package org.jstap.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel modules a script's {@code module("NAME").function(...)} probes name, with what they depend on, in
 * load order, from the host's {@code /lib/modules/<release>/modules.dep} (the test VM boots the host's kernel, so
 * its modules are these files). The VM target loads them before the run, as a user would modprobe them.
 */
final class GuestModules {
    /** A resolved probe point of a module function: {@code module("nfsd").function("nfsd_open")...}. */
    private static final Pattern MODULE_POINT = Pattern.compile("^(?:kprobe\\.)?module\\(\"([^\"]+)\"\\)\\.function\\(");

    /** One module file to load: its {@code /proc/modules} name and the file. */
    record Module(String name, Path file) {}

    private GuestModules() {}

    /** Module names the probe points name, in first-seen order, {@code -} spelt {@code _}. */
    static List<String> named(List<String> probePoints) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : probePoints) {
            Matcher m = MODULE_POINT.matcher(p);
            if (m.find()) out.add(m.group(1).replace('-', '_'));
        }
        return List.copyOf(out);
    }

    /**
     * Load order for the modules and their dependencies ({@code modules.dep} lists a module's dependencies with
     * the deepest last, so they load last-first); a name that is not installed is left out (pass 2 checked it).
     */
    static List<Module> loadOrder(Path modulesDir, List<String> names) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, List<String>> deps = new LinkedHashMap<>();
        Path dep = modulesDir.resolve("modules.dep");
        if (!Files.isRegularFile(dep)) return List.of();
        for (String line : Files.readAllLines(dep, StandardCharsets.ISO_8859_1)) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String self = moduleName(line.substring(0, colon));
            files.put(self, modulesDir.resolve(line.substring(0, colon)));
            List<String> d = new ArrayList<>();
            for (String f : line.substring(colon + 1).trim().split("\\s+")) if (!f.isEmpty()) d.add(moduleName(f));
            deps.put(self, d);
        }
        Set<String> order = new LinkedHashSet<>();
        for (String n : names) {
            if (!files.containsKey(n)) continue;
            List<String> d = deps.getOrDefault(n, List.of());
            for (int i = d.size() - 1; i >= 0; i--) order.add(d.get(i));
            order.add(n);
        }
        List<Module> out = new ArrayList<>();
        for (String n : order) Optional.ofNullable(files.get(n)).ifPresent(f -> out.add(new Module(n, f)));
        return out;
    }

    static String moduleName(String path) {
        String f = path.substring(path.lastIndexOf('/') + 1);
        int i = f.indexOf(".ko");
        return (i >= 0 ? f.substring(0, i) : f).replace('-', '_');
    }
}
