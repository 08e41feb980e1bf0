package org.jstap.backend.bpf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jstap.api.KernelInfo;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.debuginfo.DebugInfoProvider;

/**
 * The {@code vmlinux.h} the generated C compiles against, written by jstap's own BTF reader through the debug-info
 * SPI ({@link DebugInfo#cHeader}): the kernel's types as C, structs and unions {@code preserve_access_index}.
 * CO-RE relocations make the object independent of it, so any BTF kernel's header does. Kept in the bpf cache as
 * {@code vmlinux-<BTF hash>.h} (the debug info also caches it per BTF hash across runs).
 *
 * <p>{@code roots} empty: every type (141,931 lines for the 6.18 host; clang -O2 -g of a small program ~1 s).
 * A root set (the struct, union and typedef names the C dereferences) gives the subset: their definitions, what
 * they hold by value, forward declarations for what they point to (~2,700 lines for task_struct; ~0.15 s).
 */
final class VmlinuxHeader {
    static final Path BTF = Paths.get("/sys/kernel/btf/vmlinux");

    private VmlinuxHeader() {}

    /** The kernel's debug info that can write C, or an IOException with a one-line reason. */
    static DebugInfo debugInfo(Collection<DebugInfoProvider> providers, KernelInfo kernel) throws IOException {
        String why = null;
        for (DebugInfoProvider p : providers) {
            Optional<DebugInfo> di = p.kernel(kernel);
            if (di.isPresent()) return di.get();
            why = p.problem(kernel, null).orElse(why);
        }
        throw new IOException(why != null ? why : "no BTF for kernel " + kernel.release() + " (" + BTF + " is missing)");
    }

    /** The header file for {@code kernel}, written first if needed; throws IOException with a one-line reason. */
    static Path get(Collection<DebugInfoProvider> providers, KernelInfo kernel, Collection<String> roots) throws IOException {
        String why = null;
        for (DebugInfoProvider p : providers) {
            Optional<DebugInfo> di = p.kernel(kernel);
            if (di.isEmpty()) {
                why = p.problem(kernel, null).orElse(why);
                continue;
            }
            Optional<String> text;
            try {
                text = di.get().cHeader(roots);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage());
            }
            if (text.isEmpty()) continue;
            String key = di.get().hash().substring(0, 16) + (roots.isEmpty() ? ""
                    : "-" + org.jstap.api.artefact.Hashes.sha256(roots.stream().sorted().toArray(String[]::new)).substring(0, 12));
            Path out = BpfCache.dir().resolve("vmlinux-" + key + ".h");
            if (Files.isRegularFile(out)) return out;
            Files.createDirectories(out.getParent());
            Path tmp = Files.createTempFile(out.getParent(), "vmlinux", ".tmp");
            try {
                Files.writeString(tmp, text.get(), StandardCharsets.UTF_8);
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return out;
        }
        throw new IOException(why != null ? why : "no BTF for kernel " + kernel.release() + " (" + BTF + " is missing)");
    }

    static Path get(Collection<DebugInfoProvider> providers, KernelInfo kernel) throws IOException {
        return get(providers, kernel, List.of());
    }
}
