package org.jstap.api.artefact;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pass 3's output for the kmod backend, {@code module-src.tar}: every file kbuild needs, by relative path
 * (the generated C, its header, the runtime-c files it includes, and optionally a {@code Kbuild} file).
 *
 * <p>Contract with pass 4 (details in {@code stage-build/README.md}):
 * <ul>
 * <li>The module's name is chosen by pass 4 ({@code -m NAME} or {@code jstap_<hash>_<pid>}); C code refers to it
 *     as {@code KBUILD_MODNAME}. A {@code Kbuild} file, if present, names the module {@code $(JSTAP_MODULE)}
 *     ({@code obj-m := $(JSTAP_MODULE).o}, {@code $(JSTAP_MODULE)-y := probes.o runtime/io.o}); without one,
 *     pass 4 links every {@code .c} file into the module.</li>
 * <li>Generated C marks script positions with {@code /* @jstap FILE:LINE:COL *&#47;} comments, so compiler errors
 *     can be shown at the script line.</li>
 * </ul>
 * {@code scriptHash} and {@code probes} (one line per probe point, as {@code -p2} would name it) are copied into
 * the built module's manifest.
 */
public record ModuleSourceArtefact(ArtefactHeader header, String scriptHash, List<String> probes,
                                   Map<String, byte[]> files) implements Artefact {
    public static final String KIND = "module-src";
    public static final String FILE = "module-src.tar";
    public static final int FORMAT_VERSION = 1;
    /** The name of the optional kbuild file at the root of {@link #files}. */
    public static final String KBUILD = "Kbuild";

    public ModuleSourceArtefact {
        probes = List.copyOf(probes);
        TreeMap<String, byte[]> copy = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String p = TarEntries.checkPath(e.getKey());
            if (p.equals(ModuleSourceCodec.HEADER_ENTRY)) {
                throw new IllegalArgumentException("'" + p + "' is reserved for the artefact header");
            }
            copy.put(p, e.getValue().clone());
        }
        files = Collections.unmodifiableSortedMap(copy);
    }

    /** A file's content as UTF-8 text, or null if absent. */
    public String text(String path) {
        byte[] b = files.get(path);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Convenience for producers that have text. */
    public static Map<String, byte[]> utf8(Map<String, String> texts) {
        TreeMap<String, byte[]> m = new TreeMap<>();
        texts.forEach((k, v) -> m.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return m;
    }
}
