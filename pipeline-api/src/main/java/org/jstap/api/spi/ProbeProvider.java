package org.jstap.api.spi;

import java.util.Set;

/**
 * Owns one family of probe points ({@code begin/end/error/never}, {@code timer.*}, {@code kernel.function},
 * ...). Pass 2 asks each provider whether it matches a point and to resolve it; the provider also says which
 * backends can emit its probes, so an unsupported combination fails in pass 2 with a clear error.
 */
public interface ProbeProvider {
    /** The family name, e.g. {@code "timer"}, as used in diagnostics and {@code -l} listings. */
    String family();

    /** Names of the backends able to emit probes of this family. */
    Set<String> backends();
}
