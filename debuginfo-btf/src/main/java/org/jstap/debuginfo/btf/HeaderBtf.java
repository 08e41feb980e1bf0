package org.jstap.debuginfo.btf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Type information for the headers of a {@code @cast(p, "T", "<sys/un.h>")}, kept as BTF so that BTF stays the
 * only type reader: a C file including the headers is compiled with {@code -g
 * -fno-eliminate-unused-debug-types} (so every declared type is in the DWARF, and one compile serves every type
 * of that header list) and {@code pahole -J} turns the DWARF into standalone BTF.
 *
 * <p>The BTF is cached ({@link PaholeBtf}) under {@code $JSTAP_CACHE_DIR/headers} (else
 * {@code $XDG_CACHE_HOME/jstap/headers}, else {@code ~/.cache/jstap/headers}), keyed by the header list and the
 * compiler's and pahole's versions, and once per process in memory.
 */
public final class HeaderBtf {
    /** What a header list turned into: the BTF, or why there is none (a compiler message, a missing tool). */
    public sealed interface Result {
        record Ok(BtfDebugInfo debugInfo) implements Result {}

        record Failed(String reason) implements Result {}
    }

    /** Header names are spliced into a C file: no quotes, brackets, spaces or newlines. */
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9_./+-]+");
    private static final Map<List<String>, Result> MEMO = new ConcurrentHashMap<>();

    private HeaderBtf() {}

    /** The BTF of every type the headers declare. */
    public static Result load(List<String> headers) {
        return MEMO.computeIfAbsent(List.copyOf(headers), HeaderBtf::compute);
    }

    private static Result compute(List<String> headers) {
        for (String h : headers) {
            if (!HEADER.matcher(h).matches()) return new Result.Failed("bad header name '" + h + "'");
        }
        String cc = PaholeBtf.tool("gcc") ? "gcc" : PaholeBtf.tool("clang") ? "clang" : null;
        if (cc == null) return new Result.Failed("no C compiler (gcc or clang) to read the header with");
        if (PaholeBtf.missing() != null) return new Result.Failed(PaholeBtf.missing());
        String key = BtfDebugInfo.sha256((String.join("\n", headers) + "\n" + PaholeBtf.version(cc) + "\n"
                + PaholeBtf.version("pahole")).getBytes(StandardCharsets.UTF_8));
        try {
            byte[] hit = PaholeBtf.cached(KIND, key);
            if (hit != null) return ok(hit, headers);
        } catch (IOException e) {
            // unreadable cache entry: build it again
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("jstap-hdr");
            StringBuilder c = new StringBuilder();
            for (String h : headers) c.append("#include <").append(h).append(">\n");
            c.append("int __jstap_header_types;\n");
            Path src = tmp.resolve("t.c");
            Path obj = tmp.resolve("t.o");
            Files.writeString(src, c);
            String err = PaholeBtf.run(tmp, cc, "-g", "-fno-eliminate-unused-debug-types", "-c", src.toString(), "-o",
                    obj.toString());
            if (err != null) return new Result.Failed(err);
            return ok(PaholeBtf.encode(obj, KIND, key), headers);
        } catch (IOException e) {
            return new Result.Failed(e.getMessage());
        } finally {
            if (tmp != null) deleteTree(tmp);
        }
    }

    /** The cache folder of header BTF (beside the programs' folder, {@link ProgramBtf}). */
    private static final String KIND = "headers";

    private static Result ok(byte[] data, List<String> headers) throws IOException {
        return new Result.Ok(BtfDebugInfo.load(data, "<" + String.join("><", headers) + ">"));
    }

    static Path cacheDir() {
        return PaholeBtf.cacheDir(KIND);
    }

    static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // temp files left behind are harmless
        }
    }
}
