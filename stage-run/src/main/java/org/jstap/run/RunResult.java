package org.jstap.run;

import java.util.List;

/**
 * What pass 5 did: the script's exit status and, where the target can tell (the VM always can), the kernel's state
 * after the module was unloaded. Output itself was streamed to the caller while the module ran.
 *
 * @param exitStatus     the loader's exit status (without a loader: 0 if the module loaded, else 1)
 * @param commandStatus  exit status of {@code -c CMD} when it was run by the agent itself (no loader), else null
 * @param unloaded       the module is no longer in {@code /proc/modules}
 * @param taintBefore    {@code /proc/sys/kernel/tainted} before loading; {@code taintAfter} after unloading
 * @param oops           the kernel log of the run shows an oops, BUG or panic
 * @param warning        the kernel log shows a WARN / call trace
 * @param timedOut       the run exceeded its time limit and was interrupted (INT, then KILL); if it then ended
 *                       cleanly the kernel state fields are valid, else {@code taintAfter} is -1 and the VM is
 *                       restarted
 * @param vmLost         the VM died or stopped answering during the run
 * @param kernelLog      kernel log lines written during the run (dmesg)
 * @param stderr         the loader's stderr (also printed to the error stream)
 * @param roundTripMillis from sending the module to having the verdict
 * @param restartReason  why the VM was restarted after this run, or null
 */
public record RunResult(int exitStatus, String target, String moduleName, Integer commandStatus, boolean unloaded,
                        long taintBefore, long taintAfter, boolean oops, boolean warning, boolean timedOut,
                        boolean vmLost, List<String> kernelLog, List<String> stderr, long roundTripMillis,
                        String restartReason) {
    /** Taint bits expected after loading an unsigned out-of-tree module: O (4096) and E (8192). */
    public static final long EXPECTED_TAINT = 4096 | 8192;

    public RunResult {
        kernelLog = List.copyOf(kernelLog);
        stderr = List.copyOf(stderr);
    }

    /** Taint beyond O+E: the kernel is no longer trustworthy for further runs. */
    public boolean badTaint() {
        return (taintAfter & ~EXPECTED_TAINT) != 0;
    }

    /** Null if the kernel is fit for the next module, else why not. */
    public String kernelProblem() {
        if (vmLost) return "the VM died or stopped answering";
        if (timedOut && taintAfter < 0) return "the run timed out and did not end when interrupted";
        if (oops) return "kernel oops during the run";
        if (!unloaded) return "module " + moduleName + " is still loaded";
        if (badTaint()) return "kernel taint " + taintAfter + " beyond O+E (" + EXPECTED_TAINT + ")";
        if (warning) return "kernel warning during the run";
        return null;
    }

    public RunResult withRestartReason(String why) {
        return new RunResult(exitStatus, target, moduleName, commandStatus, unloaded, taintBefore, taintAfter, oops,
                warning, timedOut, vmLost, kernelLog, stderr, roundTripMillis, why);
    }
}
