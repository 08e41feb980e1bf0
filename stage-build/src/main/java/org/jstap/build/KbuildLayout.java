package org.jstap.build;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jstap.api.artefact.ModuleSourceArtefact;

/**
 * Makes the translated sources build a module with the name pass 4 chose. A Kbuild file using
 * {@code $(JSTAP_MODULE)} is used as is; one naming a single module literally ({@code obj-m := stap_abc.o}, the
 * runtime-c convention) is renamed: {@code stap_abc.c} becomes {@code NAME.c} and the Kbuild file's
 * {@code stap_abc.o}, {@code stap_abc-y}, {@code stap_abc-objs} become NAME's. Without a Kbuild file one is
 * generated that links every {@code .c} file.
 */
final class KbuildLayout {
    static final String VAR = "$(JSTAP_MODULE)";
    private static final Pattern OBJ_M = Pattern.compile("(?m)^\\s*obj-m\\s*[:+]?=\\s*([A-Za-z0-9_]+)\\.o\\s*$");

    private KbuildLayout() {}

    static Map<String, byte[]> adapt(Map<String, byte[]> files, String name) {
        Map<String, byte[]> out = new TreeMap<>(files);
        byte[] kb = files.get(ModuleSourceArtefact.KBUILD);
        if (kb == null) {
            out.put(ModuleSourceArtefact.KBUILD, Kbuild.defaultKbuild(files.keySet()).getBytes(StandardCharsets.UTF_8));
            return out;
        }
        String text = new String(kb, StandardCharsets.UTF_8);
        if (text.contains(VAR)) return out;
        Matcher m = OBJ_M.matcher(text);
        if (!m.find()) return out;
        String old = m.group(1);
        if (m.find() || old.equals(name)) return out; // several modules, or already right: leave it alone
        String renamed = text.replaceAll("(?<![A-Za-z0-9_])" + Pattern.quote(old) + "(?=\\.o\\b|-y\\b|-objs\\b)",
                Matcher.quoteReplacement(name));
        out.put(ModuleSourceArtefact.KBUILD, renamed.getBytes(StandardCharsets.UTF_8));
        byte[] c = out.remove(old + ".c");
        if (c != null) out.put(name + ".c", c);
        return out;
    }
}
