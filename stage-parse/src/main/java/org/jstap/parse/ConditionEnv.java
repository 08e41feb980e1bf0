package org.jstap.parse;

import java.util.List;
import java.util.function.Supplier;
import org.jstap.api.KernelInfo;
import org.jstap.api.SessionOptions;
import org.jstap.api.spi.Backend;

/**
 * What preprocessor conditions and argument substitutions can see. The kernel is asked for only when a condition
 * names {@code kernel_v}, {@code kernel_vr}, {@code arch} or {@code CONFIG_*}, so scripts without them parse
 * with no kernel at all.
 */
final class ConditionEnv {
    /** The SystemTap version we claim for {@code systemtap_v}. */
    static final String SYSTEMTAP_VERSION = "4.8";

    private final SessionOptions options;
    private final Supplier<KernelInfo> kernelSupplier;
    private KernelInfo kernel;
    private boolean kernelAsked;
    private String kernelProblem;

    ConditionEnv(SessionOptions options, Supplier<KernelInfo> kernelSupplier) {
        this.options = options;
        this.kernelSupplier = kernelSupplier;
    }

    List<String> args() {
        return options.scriptArgs();
    }

    boolean guru() {
        return options.guru();
    }

    /**
     * {@code runtime}: stap's name for the back end. kmod is stap's "kernel"; our pure-Java interp backend reports
     * "interp" (stap has no equivalent), bpf is "bpf", anything else is passed through.
     */
    String runtime() {
        String r = options.runtime();
        if (r == null || r.equals(Backend.KMOD) || r.equals("kernel")) return "kernel";
        return r;
    }

    /** {@code --privilege} / {@code --unprivileged}; stapdev (full privileges) without them, as stap. */
    String privilege() {
        return options.stap().privilegeLevel();
    }

    /** {@code systemtap_v}: {@code --compatible=VERSION} when given, else the version we implement. */
    String systemtapVersion() {
        return options.stap().compatible() != null ? options.stap().compatible() : SYSTEMTAP_VERSION;
    }

    /** {@code -a ARCH} when given (no kernel needed then), else null: the kernel's. */
    String archOption() {
        return options.stap().arch();
    }

    /** The target kernel, or null (with {@link #kernelProblem()} saying why) when it cannot be determined. */
    KernelInfo kernel() {
        if (!kernelAsked) {
            kernelAsked = true;
            try {
                kernel = kernelSupplier == null ? null : kernelSupplier.get();
                if (kernel == null) kernelProblem = "no target kernel is known";
            } catch (RuntimeException e) {
                kernelProblem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        return kernel;
    }

    /** The kernel if a condition needed it, else null: what the result depends on besides the options. */
    KernelInfo kernelIfAsked() {
        return kernelAsked ? kernel : null;
    }

    String kernelProblem() {
        return kernelProblem;
    }
}
