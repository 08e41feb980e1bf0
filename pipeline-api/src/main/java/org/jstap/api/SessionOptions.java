package org.jstap.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the user chose for this run, with stap's meanings. Immutable; build with {@link #builder()}.
 * Stages read only what they need, and whatever they read must go into their cache key.
 */
public record SessionOptions(
        int lastPass,
        List<String> scriptArgs,
        int verbosity,
        boolean guru,
        boolean keepTemp,
        boolean suppressWarnings,
        boolean warningsAreErrors,
        boolean unoptimized,
        boolean timing,
        boolean bulk,
        boolean rawDiagnostics,
        String kernelRelease,
        String moduleName,
        Path outputFile,
        String command,
        Integer targetPid,
        Map<String, String> defines,
        List<Path> includeDirs,
        List<String> buildFlags,
        Integer bufferSizeMb,
        String runtime,
        String target,
        boolean disableCache,
        boolean poisonCache,
        List<Path> vmFiles,
        Map<String, String> extra) {

    /** {@link #extra} key: the {@code -d} files (newline-separated) whose ELF symbols the module carries. */
    public static final String EXTRA_SYMBOL_FILES = "symbols.d";
    /** {@link #extra} key: {@code --ldd}, also the shared libraries those files need ("true"). */
    public static final String EXTRA_LDD = "symbols.ldd";

    public SessionOptions {
        scriptArgs = List.copyOf(scriptArgs);
        defines = Map.copyOf(defines);
        includeDirs = List.copyOf(includeDirs);
        buildFlags = List.copyOf(buildFlags);
        vmFiles = List.copyOf(vmFiles);
        extra = Map.copyOf(extra);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.lastPass = lastPass; b.scriptArgs = scriptArgs; b.verbosity = verbosity; b.guru = guru;
        b.keepTemp = keepTemp; b.suppressWarnings = suppressWarnings; b.warningsAreErrors = warningsAreErrors;
        b.unoptimized = unoptimized; b.timing = timing; b.bulk = bulk; b.rawDiagnostics = rawDiagnostics;
        b.kernelRelease = kernelRelease; b.moduleName = moduleName; b.outputFile = outputFile; b.command = command;
        b.targetPid = targetPid; b.defines = defines; b.includeDirs = includeDirs; b.buildFlags = buildFlags;
        b.bufferSizeMb = bufferSizeMb; b.runtime = runtime; b.target = target; b.disableCache = disableCache;
        b.poisonCache = poisonCache; b.vmFiles = vmFiles; b.extra = extra;
        return b;
    }

    public static final class Builder {
        private int lastPass = 5;
        private List<String> scriptArgs = List.of();
        private int verbosity;
        private boolean guru, keepTemp, suppressWarnings, warningsAreErrors, unoptimized, timing, bulk, rawDiagnostics;
        private String kernelRelease, moduleName, command;
        private Path outputFile;
        private Integer targetPid, bufferSizeMb;
        private Map<String, String> defines = Map.of();
        private List<Path> includeDirs = List.of();
        private List<String> buildFlags = List.of();
        private String runtime = "kmod";
        private String target;
        private boolean disableCache, poisonCache;
        private List<Path> vmFiles = List.of();
        private Map<String, String> extra = Map.of();

        public Builder lastPass(int v) { lastPass = v; return this; }
        public Builder scriptArgs(List<String> v) { scriptArgs = v; return this; }
        public Builder verbosity(int v) { verbosity = v; return this; }
        public Builder guru(boolean v) { guru = v; return this; }
        public Builder keepTemp(boolean v) { keepTemp = v; return this; }
        public Builder suppressWarnings(boolean v) { suppressWarnings = v; return this; }
        public Builder warningsAreErrors(boolean v) { warningsAreErrors = v; return this; }
        public Builder unoptimized(boolean v) { unoptimized = v; return this; }
        public Builder timing(boolean v) { timing = v; return this; }
        public Builder bulk(boolean v) { bulk = v; return this; }
        public Builder rawDiagnostics(boolean v) { rawDiagnostics = v; return this; }
        public Builder kernelRelease(String v) { kernelRelease = v; return this; }
        public Builder moduleName(String v) { moduleName = v; return this; }
        public Builder outputFile(Path v) { outputFile = v; return this; }
        public Builder command(String v) { command = v; return this; }
        public Builder targetPid(Integer v) { targetPid = v; return this; }
        public Builder defines(Map<String, String> v) { defines = v; return this; }
        public Builder includeDirs(List<Path> v) { includeDirs = v; return this; }
        public Builder buildFlags(List<String> v) { buildFlags = v; return this; }
        public Builder bufferSizeMb(Integer v) { bufferSizeMb = v; return this; }
        public Builder runtime(String v) { runtime = v; return this; }
        public Builder target(String v) { target = v; return this; }
        public Builder disableCache(boolean v) { disableCache = v; return this; }
        public Builder poisonCache(boolean v) { poisonCache = v; return this; }
        public Builder vmFiles(List<Path> v) { vmFiles = v; return this; }
        public Builder extra(Map<String, String> v) { extra = v; return this; }

        public SessionOptions build() {
            return new SessionOptions(lastPass, scriptArgs, verbosity, guru, keepTemp, suppressWarnings,
                    warningsAreErrors, unoptimized, timing, bulk, rawDiagnostics, kernelRelease, moduleName,
                    outputFile, command, targetPid, defines, includeDirs, buildFlags, bufferSizeMb, runtime, target,
                    disableCache, poisonCache, vmFiles, extra);
        }
    }
}
