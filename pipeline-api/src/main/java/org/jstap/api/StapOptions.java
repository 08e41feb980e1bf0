package org.jstap.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * stap's command-line options beyond the core ones of {@link SessionOptions}, with stap 4.8's meanings. Immutable;
 * {@link #DEFAULT} is "none given". Stages read only what they need and put what they read into their cache key.
 * <ul>
 * <li>{@code globalSettings}: {@code -G VAR=VALUE}, in order (the last of one name wins): the scalar global's value
 * when the run starts, instead of its initialiser. Like stap's module parameters, they do not change the compiled
 * module: kmod passes them to the loader, interp and bpf set them before {@code begin}.</li>
 * <li>{@code timeLimitMs}: {@code -T SECONDS} as milliseconds: pass 2 adds {@code probe timer.ms(N) { exit() }}
 * (null: none).</li>
 * <li>{@code skipBadvars}: a {@code $variable} pass 2 cannot resolve is 0 instead of an error.</li>
 * <li>{@code suppressHandlerErrors}: a run-time error ends its handler quietly (not printed, not counted against
 * MAXERRORS, no exit status 1).</li>
 * <li>{@code suppressTimeLimits}: no MAXACTION and no overload limits.</li>
 * <li>{@code compatible}: {@code --compatible=VERSION}, what {@code systemtap_v} reports (null: 4.8).</li>
 * <li>{@code arch}: {@code -a ARCH}, what {@code arch} reports in conditionals (null: the kernel's).</li>
 * <li>{@code privilege}: {@code --privilege=stapusr|stapsys|stapdev} ({@code --unprivileged} is stapusr; null:
 * stapdev, no restriction).</li>
 * <li>{@code tmpDir}: {@code --tmpdir=DIR}, where passes 3 and 4 make their temporary directory (null: the system's).</li>
 * <li>{@code modinfo}: {@code --modinfo NAME=VALUE}, a {@code MODULE_INFO(NAME, "VALUE")} in the module.</li>
 * <li>{@code passVerbosity}: {@code --vp ABCDE}, verbosity per pass 1..5 (null: {@code -v} for every pass).</li>
 * <li>{@code outputSizeMb}/{@code outputFiles}: {@code -S SIZE[,N]}: with {@code -o FILE}, switch to FILE.1, FILE.2 ...
 * when one reaches SIZE megabytes, keeping at most N files (0: no limit); null: no rotation.</li>
 * <li>{@code flightRecorder}: {@code -F}.</li>
 * <li>{@code tapsetCoverage}: {@code -q}.</li>
 * </ul>
 */
public record StapOptions(Map<String, String> globalSettings, Long timeLimitMs, boolean skipBadvars,
                          boolean suppressHandlerErrors, boolean suppressTimeLimits, String compatible, String arch,
                          String privilege, Path tmpDir, Map<String, String> modinfo, String passVerbosity,
                          Long outputSizeMb, Integer outputFiles, boolean flightRecorder, boolean tapsetCoverage) {
    public static final StapOptions DEFAULT = new StapOptions(Map.of(), null, false, false, false, null, null, null, null,
            Map.of(), null, null, null, false, false);

    /** The privilege level stap assumes without {@code --privilege}. */
    public static final String STAPDEV = "stapdev";

    public StapOptions {
        globalSettings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(globalSettings));
        modinfo = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modinfo));
    }

    /** {@code privilege}, stapdev when none was given. */
    public String privilegeLevel() {
        return privilege == null ? STAPDEV : privilege;
    }

    /** The verbosity of pass {@code pass} (1..5): {@code -v}'s count plus its {@code --vp} digit (a missing one is 0). */
    public int verbosityOf(int pass, int verbosity) {
        if (passVerbosity == null || pass < 1 || pass > passVerbosity.length()) return verbosity;
        return verbosity + passVerbosity.charAt(pass - 1) - '0';
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.globalSettings = globalSettings; b.timeLimitMs = timeLimitMs; b.skipBadvars = skipBadvars;
        b.suppressHandlerErrors = suppressHandlerErrors; b.suppressTimeLimits = suppressTimeLimits;
        b.compatible = compatible; b.arch = arch; b.privilege = privilege; b.tmpDir = tmpDir; b.modinfo = modinfo;
        b.passVerbosity = passVerbosity; b.outputSizeMb = outputSizeMb; b.outputFiles = outputFiles;
        b.flightRecorder = flightRecorder; b.tapsetCoverage = tapsetCoverage;
        return b;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Map<String, String> globalSettings = Map.of();
        private Long timeLimitMs;
        private boolean skipBadvars, suppressHandlerErrors, suppressTimeLimits, flightRecorder, tapsetCoverage;
        private String compatible, arch, privilege, passVerbosity;
        private Path tmpDir;
        private Map<String, String> modinfo = Map.of();
        private Long outputSizeMb;
        private Integer outputFiles;

        public Builder globalSettings(Map<String, String> v) { globalSettings = v; return this; }
        public Builder timeLimitMs(Long v) { timeLimitMs = v; return this; }
        public Builder skipBadvars(boolean v) { skipBadvars = v; return this; }
        public Builder suppressHandlerErrors(boolean v) { suppressHandlerErrors = v; return this; }
        public Builder suppressTimeLimits(boolean v) { suppressTimeLimits = v; return this; }
        public Builder compatible(String v) { compatible = v; return this; }
        public Builder arch(String v) { arch = v; return this; }
        public Builder privilege(String v) { privilege = v; return this; }
        public Builder tmpDir(Path v) { tmpDir = v; return this; }
        public Builder modinfo(Map<String, String> v) { modinfo = v; return this; }
        public Builder passVerbosity(String v) { passVerbosity = v; return this; }
        public Builder outputSizeMb(Long v) { outputSizeMb = v; return this; }
        public Builder outputFiles(Integer v) { outputFiles = v; return this; }
        public Builder flightRecorder(boolean v) { flightRecorder = v; return this; }
        public Builder tapsetCoverage(boolean v) { tapsetCoverage = v; return this; }

        public StapOptions build() {
            return new StapOptions(globalSettings, timeLimitMs, skipBadvars, suppressHandlerErrors, suppressTimeLimits,
                    compatible, arch, privilege, tmpDir, modinfo, passVerbosity, outputSizeMb, outputFiles,
                    flightRecorder, tapsetCoverage);
        }
    }
}
