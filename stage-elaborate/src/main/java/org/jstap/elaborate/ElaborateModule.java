package org.jstap.elaborate;

import org.jstap.api.spi.JstapModule;
import org.jstap.elaborate.probes.BeginEndProvider;
import org.jstap.elaborate.probes.KernelDataProvider;
import org.jstap.elaborate.probes.KernelFunctionProvider;
import org.jstap.elaborate.probes.KernelStatementProvider;
import org.jstap.elaborate.probes.KprobeProvider;
import org.jstap.elaborate.probes.PerfProvider;
import org.jstap.elaborate.probes.ProcessLifeProvider;
import org.jstap.elaborate.probes.ProcfsProvider;
import org.jstap.elaborate.probes.ProcessProvider;
import org.jstap.elaborate.probes.TimerProvider;
import org.jstap.elaborate.probes.TracepointProvider;

/** Pass 2's contributions: the elaboration stage and one probe provider per family. */
public final class ElaborateModule extends JstapModule {
    @Override
    protected void configure() {
        contributeStage(ElaborateStage.class);
        // The stage asks the backends which probes they support; the set exists even when none is contributed.
        declareExtensionSets();
        contributeProbeProvider(BeginEndProvider.class);
        contributeProbeProvider(TimerProvider.class);
        contributeProbeProvider(KernelFunctionProvider.class);
        contributeProbeProvider(KprobeProvider.class);
        contributeProbeProvider(TracepointProvider.class);
        contributeProbeProvider(ProcessProvider.class);
        contributeProbeProvider(ProcessLifeProvider.class);
        contributeProbeProvider(ProcfsProvider.class);
        contributeProbeProvider(PerfProvider.class);
        contributeProbeProvider(KernelDataProvider.class);
        contributeProbeProvider(KernelStatementProvider.class);
    }
}
