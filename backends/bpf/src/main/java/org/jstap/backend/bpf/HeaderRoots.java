package org.jstap.backend.bpf;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jstap.api.debuginfo.DebugInfo;

/**
 * The kernel types generated BPF C needs from {@code vmlinux.h}, so pass 4 compiles against the small subset header
 * instead of every kernel type (a small program: ~0.15 s instead of ~1 s of clang). First guess: every
 * {@code struct/union/enum NAME} and typedef name the sources spell that the kernel's BTF has. What a CO-RE read
 * chain reaches through a member ({@code BPF_CORE_READ(task, cred, euid)} needs {@code struct cred}) clang names in
 * its errors ({@code incomplete definition of type 'struct cred'}): {@link #fromErrors} adds those for a retry.
 */
final class HeaderRoots {
    private HeaderRoots() {}

    private static final Pattern TAGGED = Pattern.compile("\\b(struct|union|enum)\\s+([A-Za-z_]\\w*)");
    private static final Pattern IDENT = Pattern.compile("\\b[A-Za-z_]\\w*\\b");
    private static final Pattern CLANG_NEEDS = Pattern.compile(
            "(?:incomplete definition of type|incomplete type|unknown type name) '((?:struct |union |enum )?[A-Za-z_]\\w*)'");

    /** The kernel type names {@code sources} spell. */
    static Set<String> scan(DebugInfo di, Collection<String> sources) {
        Set<String> out = new TreeSet<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String src : sources) {
            Matcher m = TAGGED.matcher(src);
            while (m.find()) add(di, m.group(1) + " " + m.group(2), out);
            Matcher i = IDENT.matcher(src);
            while (i.find()) {
                String id = i.group();
                if (seen.add(id) && !id.equals("struct") && !id.equals("union") && !id.equals("enum")) {
                    var t = di.findType(id);           // typedef names (and base types, harmless)
                    if (t.isPresent() && t.getAsInt() != 0 && !di.typeName(t.getAsInt()).contains(" ")) out.add(id);
                }
            }
        }
        return out;
    }

    /** Types clang said it needed complete (or did not know), that the kernel has. */
    static Set<String> fromErrors(DebugInfo di, String clangOutput) {
        Set<String> out = new TreeSet<>();
        Matcher m = CLANG_NEEDS.matcher(clangOutput);
        while (m.find()) add(di, m.group(1), out);
        return out;
    }

    private static void add(DebugInfo di, String name, Set<String> out) {
        var t = di.findType(name);
        if (t.isPresent() && t.getAsInt() != 0) out.add(name);
    }
}
