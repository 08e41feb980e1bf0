package org.jstap.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jstap.api.spi.Backend;

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
        Listing listing,
        List<String> symbolFiles,
        boolean ldd,
        Duration runTimeout,
        String moduleParams,
        List<String> dumpIrAfter,
        Map<String, String> extra,
        StapOptions stap) {
    // listing: -l / -L (null: a normal run); symbolFiles: the -d files (or module names) whose ELF symbols the
    // module carries; ldd: --ldd, also the shared libraries those files need; runTimeout: pass 5 stops the run
    // after it (null: no limit, unless $JSTAP_RUN_TIMEOUT says one); moduleParams: NAME=VALUE words for the
    // loader. dumpIrAfter: --dump-ir-after, the pass-2 IR passes (or "all") after which the IR is printed to
    // stderr (empty: none). extra: free-form settings for plugin stages (a plugin reads only its own keys).
    // stap: the rest of stap's options (-G, -T, -S/-F, --skip-badvars, ...), see StapOptions.

    /** {@code -l} lists the matching probe points, {@code -L} also their variables; the dumps list the library. */
    public enum Listing {
        POINTS("l"), POINTS_AND_VARIABLES("L"),
        /** {@code --dump-functions}, {@code --dump-probe-aliases}, {@code --dump-probe-types}: the library, no script. */
        FUNCTIONS("functions"), ALIASES("aliases"), PROBE_TYPES("types");

        /** The option letter, as pass 2's cache key and listing code know it. */
        public final String letter;

        Listing(String letter) {
            this.letter = letter;
        }

        /** {@code "l"} or {@code "L"}; null for anything else. */
        public static Listing of(String letter) {
            for (Listing l : values()) if (l.letter.equals(letter)) return l;
            return null;
        }
    }

    public SessionOptions {
        symbolFiles = List.copyOf(symbolFiles);
        moduleParams = moduleParams == null ? "" : moduleParams;
        dumpIrAfter = dumpIrAfter == null ? List.of() : List.copyOf(dumpIrAfter);
        scriptArgs = List.copyOf(scriptArgs);
        defines = Map.copyOf(defines);
        includeDirs = List.copyOf(includeDirs);
        buildFlags = List.copyOf(buildFlags);
        vmFiles = List.copyOf(vmFiles);
        extra = Map.copyOf(extra);
        stap = stap == null ? StapOptions.DEFAULT : stap;
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
        b.poisonCache = poisonCache; b.vmFiles = vmFiles; b.listing = listing; b.symbolFiles = symbolFiles;
        b.ldd = ldd; b.runTimeout = runTimeout; b.moduleParams = moduleParams; b.dumpIrAfter = dumpIrAfter;
        b.extra = extra;
        b.stap = stap;
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
        private String runtime = Backend.KMOD;
        private String target;
        private boolean disableCache, poisonCache;
        private List<Path> vmFiles = List.of();
        private Listing listing;
        private List<String> symbolFiles = List.of();
        private boolean ldd;
        private Duration runTimeout;
        private String moduleParams = "";
        private List<String> dumpIrAfter = List.of();
        private Map<String, String> extra = Map.of();
        private StapOptions stap = StapOptions.DEFAULT;

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
        public Builder listing(Listing v) { listing = v; return this; }
        public Builder symbolFiles(List<String> v) { symbolFiles = v; return this; }
        public Builder ldd(boolean v) { ldd = v; return this; }
        public Builder runTimeout(Duration v) { runTimeout = v; return this; }
        public Builder moduleParams(String v) { moduleParams = v; return this; }
        public Builder dumpIrAfter(List<String> v) { dumpIrAfter = v; return this; }
        public Builder extra(Map<String, String> v) { extra = v; return this; }
        public Builder stap(StapOptions v) { stap = v; return this; }

        public SessionOptions build() {
            return new SessionOptions(lastPass, scriptArgs, verbosity, guru, keepTemp, suppressWarnings,
                    warningsAreErrors, unoptimized, timing, bulk, rawDiagnostics, kernelRelease, moduleName,
                    outputFile, command, targetPid, defines, includeDirs, buildFlags, bufferSizeMb, runtime, target,
                    disableCache, poisonCache, vmFiles, listing, symbolFiles, ldd, runTimeout, moduleParams,
                    dumpIrAfter, extra, stap);
        }
    }
}
