package org.jstap.translate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.jstap.runtime.RuntimeFiles;

/**
 * The runtime-c files a module needs ({@link RuntimeFiles#forModule}): the core always, the statistics, map and
 * regex-submatch parts only when the script has them. Copied next to the generated C (paths relative to the module dir).
 */
final class RuntimeSources {
    private RuntimeSources() {}

    static Map<String, byte[]> load(boolean maps, boolean stats, boolean regex) {
        Map<String, byte[]> out = new TreeMap<>();
        for (String n : RuntimeFiles.forModule(maps, stats, regex)) {
            try (InputStream in = RuntimeFiles.open(n)) {
                out.put(n, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read runtime-c file " + n, e);
            }
        }
        return out;
    }
}
