package org.jstap.api.spi;

import org.jstap.api.ir.IrSite;

/**
 * A way of executing an elaborated script: {@code kmod} (C kernel module), {@code interp} (in-process Java),
 * later {@code bpf}. A backend's passes 3-5 are the {@link org.jstap.api.Stage}s whose {@code backend()} is
 * its {@link #name()}; {@code --runtime=NAME} selects it.
 *
 * <h2>Which probes a backend can fire</h2>
 * The backend says so, not the probe providers: pass 2 resolves every point to an {@link IrSite} and then asks
 * the chosen backend {@link #supports(IrSite)} for each derived probe (and {@link #runsEmbeddedC()} for
 * embedded C). A refused probe is the pass-2 error {@code sem.backend.unsupported} ("probe point 'P' cannot run
 * on the B backend", with a hint naming a backend that supports it), so a backend's later passes never see a
 * site they cannot emit. A new backend (bpf, say) declares its sites by overriding {@link #supports(IrSite)},
 * best with an {@link IrSite.Visitor} so a new site kind does not compile until every backend has decided on
 * it, and uses the same method where its own passes need to know (the interp backend's loader checks it again).
 * A new probe family adds an {@link IrSite} record plus a visitor method; each backend's answer is the one
 * place that says whether it runs there.
 */
public interface Backend {
    /** The kernel-module backend's name, which is also the default {@code --runtime}. */
    String KMOD = "kmod";

    String name();

    /** One line for {@code --help} and error messages. */
    String description();

    /**
     * Whether this backend executes the program. A backend that does not (it prints, draws or analyses the
     * elaborated program) returns false and, by the defaults below, is handed every probe family and embedded C
     * as they are.
     */
    default boolean executesProbes() {
        return true;
    }

    /**
     * Whether this backend can fire a probe at {@code site}. Pass 2 refuses any other probe with
     * {@code sem.backend.unsupported}. The default: every site for a backend that does not execute probes, none
     * for one that does (an executing backend must say what it supports).
     */
    default boolean supports(IrSite site) {
        return !executesProbes();
    }

    /**
     * Why this backend cannot fire a probe at {@code site} (one clause, appended to pass 2's
     * {@code sem.backend.unsupported} message), or null to say nothing more than that it cannot.
     */
    default String whyUnsupported(IrSite site) {
        return null;
    }

    /**
     * Whether a condition {@code @defined(member)} is decided when the program loads on the running kernel rather
     * than in pass 2 against the BTF pass 2 reads: true for an artefact that runs on other kernels (CO-RE). Pass 2
     * then keeps both branches under a {@link org.jstap.api.ir.TargetAccess.Result.Exists} check; false (the
     * default), it folds the condition and drops the dead branch.
     */
    default boolean decidesDefinedAtLoad() {
        return false;
    }

    /** Whether the backend runs embedded C ({@code %{ %}}, {@code function f() %{ %}}); the default as above. */
    default boolean runsEmbeddedC() {
        return !executesProbes();
    }
}
