package org.jstap.api;

import java.util.List;
import java.util.TreeMap;

/**
 * What a stage's output depends on besides its input artefact and its own code: the stage declares it
 * ({@link Stage#cacheInputs}), the driver hashes it into the stage's cache key (with a readable log, one line per
 * input). The options are plain {@link #add} calls; what only the driver can compute (the kernel, its build tree,
 * the compiler, the {@code -I} files, the debug info, file identities) has a method, evaluated when asked for.
 * Declare everything the stage reads: an input left out lets a cached output be reused when it should not be.
 */
public interface CacheInputs {
    /** One input under a label; {@code null} means "absent" (and differs from every value). */
    CacheInputs add(String label, String value);

    /** The kernel conditionals and debug info see: release, build string ({@code uname -v}), arch, config. */
    CacheInputs kernel();

    /** The kernel as {@link #kernel()} plus its build tree (directory, {@code .config}, {@code Module.symvers}). */
    CacheInputs kernelBuildTree();

    /** The C compiler ({@code gcc --version}). */
    CacheInputs compiler();

    /** Every file under the {@code -I} directories, by relative path and content. */
    CacheInputs includeDirContents();

    /** Each debug-info provider's hash of the kernel's debug info. */
    CacheInputs kernelDebugInfo();

    /** Files by identity (path, size, modification time), one per line. */
    CacheInputs fileIdentities(String label, List<String> paths);

    /**
     * What the standard passes read, for {@link Stage#cacheInputs}'s default: pass 1 the script arguments, the
     * kernel (conditionals), the {@code -I} files, {@code --compatible}, {@code -a}, {@code --privilege}; pass 2 those plus {@code -u}, the {@code -d}/{@code --ldd}
     * files, the debug info, {@code -T}, {@code --skip-badvars}; pass 3 {@code -D}, {@code -m}, {@code -u}, {@code -t -b -s},
     * {@code --suppress-handler-errors}, {@code --suppress-time-limits}, {@code --modinfo}; pass 4 those plus
     * {@code -B}, the kernel's build tree and the compiler. A stage that reads something else overrides
     * {@link Stage#cacheInputs} and may call these for the common part.
     */
    final class Standard {
        private Standard() {}

        public static void of(Pass pass, SessionOptions o, CacheInputs k) {
            switch (pass) {
                case PARSE -> frontEnd(o, k);
                case ELABORATE -> elaborate(o, k);
                case TRANSLATE -> translate(o, k);
                case BUILD -> build(o, k);
                default -> { }
            }
        }

        public static void frontEnd(SessionOptions o, CacheInputs k) {
            k.add("script arguments", String.join("\u0000", o.scriptArgs()));
            k.add("-r", o.kernelRelease());
            k.kernel();
            k.includeDirContents();
            // what conditionals see: systemtap_v, arch, systemtap_privilege
            k.add("--compatible -a --privilege", o.stap().compatible() + " " + o.stap().arch() + " "
                    + o.stap().privilegeLevel());
        }

        public static void elaborate(SessionOptions o, CacheInputs k) {
            frontEnd(o, k);
            k.add("unoptimized (-u)", Boolean.toString(o.unoptimized()));
            // the user-space symbol tables pass 2 ships: which files, and what they are now
            k.fileIdentities("-d --ldd", o.symbolFiles());
            k.add("ldd", String.valueOf(o.ldd() ? "true" : null));
            k.kernelDebugInfo();
            k.add("-T --skip-badvars", o.stap().timeLimitMs() + " " + o.stap().skipBadvars());
        }

        public static void translate(SessionOptions o, CacheInputs k) {
            k.add("-D", new TreeMap<>(o.defines()).toString());
            k.add("-m", o.moduleName());
            k.add("unoptimized (-u)", Boolean.toString(o.unoptimized()));
            k.add("-t -b -s", o.timing() + " " + o.bulk() + " " + o.bufferSizeMb());
            k.add("--suppress-handler-errors --suppress-time-limits --modinfo", o.stap().suppressHandlerErrors() + " "
                    + o.stap().suppressTimeLimits() + " " + o.stap().modinfo());
        }

        public static void build(SessionOptions o, CacheInputs k) {
            translate(o, k);
            k.add("-B", String.join("\u0000", o.buildFlags()));
            k.kernelBuildTree();
            k.compiler();
        }
    }
}
