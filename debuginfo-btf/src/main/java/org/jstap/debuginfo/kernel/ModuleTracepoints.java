package org.jstap.debuginfo.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jstap.debuginfo.btf.ElfFile;

/**
 * Which loadable module defines which tracepoint, from the {@code __tracepoints_strings} section (the tracepoint
 * names, NUL separated) of every {@code .ko} / {@code .ko.xz} under {@code /lib/modules/<rel>/kernel}. Only section
 * headers and that section are read (the files are mapped), so a scan of a distribution kernel's ~1,100 modules
 * takes a fraction of a second; compressed modules are decompressed, which is slower.
 */
public final class ModuleTracepoints {
    private ModuleTracepoints() {}

    /** Tracepoint name to module name ({@code -} as {@code _}); the first module wins on a duplicate name. */
    public static Map<String, String> scan(Path modulesDir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Path kernel = modulesDir.resolve("kernel");
        if (!Files.isDirectory(kernel)) return out;
        try (Stream<Path> s = Files.walk(kernel)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                String f = p.getFileName().toString();
                if (!f.endsWith(".ko") && !f.endsWith(".ko.xz")) continue;
                String module = f.substring(0, f.indexOf(".ko")).replace('-', '_');
                for (String tp : names(p)) out.putIfAbsent(tp, module);
            }
        }
        return out;
    }

    /** The tracepoint names one module file defines (empty on a module without tracepoints or a bad file). */
    static java.util.List<String> names(Path ko) {
        try {
            ElfFile elf;
            if (ko.getFileName().toString().endsWith(".xz")) {
                try (var in = new org.tukaani.xz.XZInputStream(new java.io.BufferedInputStream(Files.newInputStream(ko), 1 << 16))) {
                    elf = ElfFile.parse(ByteBuffer.wrap(in.readAllBytes()));
                }
            } else {
                elf = ElfFile.open(ko);
            }
            Optional<byte[]> raw = elf.sectionBytes("__tracepoints_strings");
            if (raw.isEmpty()) return java.util.List.of();
            java.util.List<String> out = new java.util.ArrayList<>();
            byte[] b = raw.get();
            int start = 0;
            for (int i = 0; i <= b.length; i++) {
                if (i == b.length || b[i] == 0) {
                    if (i > start) out.add(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
                    start = i + 1;
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return java.util.List.of();              // not a module we can read: it defines nothing for us
        }
    }
}
