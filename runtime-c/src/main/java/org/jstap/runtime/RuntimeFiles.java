package org.jstap.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's C files as class-path resources (under {@value #PREFIX}), so the translator can
 * copy exactly the ones a module needs next to the generated C. Paths are relative to the
 * module's build directory (e.g. {@code jst_map.c}, {@code autoconf/hrtimer_setup.c}).
 */
public final class RuntimeFiles {
    /** Resource folder of the runtime inside the jar. */
    public static final String PREFIX = "runtime/";

    /** Needed by every module. */
    public static final List<String> CORE = List.of(
            "jst_limits.h", "jst_shim.h", "jst_shim_kernel.h",
            "jst_string.h", "jst_string.c", "jst_context.h", "jst_context.c",
            "jst_printf.h", "jst_printf.c", "jst_memory.h", "jst_memory.c", "jst_fp.h", "jst_fp.c",
            "jst_transport.h", "jst_transport.c", "jst_control.h", "jst_control.c",
            "jst_probes.h", "jst_probes.c", "jst_timer.c", "jst_profile.c", "jst_kprobes.c", "jst_tracepoints.c",
            "jst_uprobes.c", "jst_proclife.c", "jst_procfs.c", "jst_perf.c", "jst_hwbkpt.c", "jst_session.c", "jst_task.h", "jst_task.c", "jst_syms.h", "jst_syms.c", "jst_usyms.c", "jst_runtime.h", "jst_runtime.c", "jst_runtime.mk",
            "jst_kernel_types.h",
            "autoconf/hrtimer_setup.c", "autoconf/timer_delete_sync.c", "autoconf/get_kretprobe.c",
            "autoconf/uprobe_register_ptr.c", "autoconf/uprobe_handler_data.c");
    /** Statistics ({@code <<<}, extractors, histograms); also needed by maps. */
    public static final List<String> STATS = List.of("jst_stat.h", "jst_stat.c");
    /** Global arrays. */
    public static final List<String> MAPS = List.of("jst_map.h", "jst_map.c");
    /** The Pike VM behind {@code matched()} (regex submatches). */
    public static final List<String> REGEX = List.of("jst_regex.h", "jst_regex.c");
    /** User-space shim: unit tests only, never copied into a module. */
    public static final List<String> USER_SHIM = List.of("jst_shim_user.h");
    /** Name of the generated header (kernel API probes); cache it per kernel build. */
    public static final String AUTOCONF_HEADER = "jst_autoconf.h";

    private RuntimeFiles() {
    }

    /** Files a module needs; see runtime-c/README.md for the matching JST_NEED_* macros. */
    public static List<String> forModule(boolean maps, boolean stats) {
        return forModule(maps, stats, false);
    }

    /** Files a module needs, {@code regex}: the script calls {@code matched()} (JST_NEED_REGEX). */
    public static List<String> forModule(boolean maps, boolean stats, boolean regex) {
        List<String> files = new ArrayList<>(CORE);
        if (regex) {
            files.addAll(REGEX);
        }
        if (maps || stats) {
            files.addAll(STATS);
        }
        if (maps) {
            files.addAll(MAPS);
        }
        return List.copyOf(files);
    }

    /** Every runtime file, including the user-space shim. */
    public static List<String> all() {
        List<String> files = new ArrayList<>(forModule(true, true, true));
        files.addAll(USER_SHIM);
        return List.copyOf(files);
    }

    /** Opens one runtime file; {@code relative} as listed above. */
    public static InputStream open(String relative) {
        InputStream in = RuntimeFiles.class.getClassLoader().getResourceAsStream(PREFIX + relative);
        if (in == null) {
            throw new IllegalArgumentException("no runtime file " + relative);
        }
        return in;
    }

    /** Copies the given files into {@code dir}, keeping sub-folders; returns the written paths. */
    public static List<Path> copyTo(Path dir, List<String> relatives) {
        List<Path> written = new ArrayList<>();
        for (String rel : relatives) {
            Path target = dir.resolve(rel);
            try (InputStream in = open(rel)) {
                Files.createDirectories(target.getParent());
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("copying runtime file " + rel, e);
            }
            written.add(target);
        }
        return written;
    }
}
