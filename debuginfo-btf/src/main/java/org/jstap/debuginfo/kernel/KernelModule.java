package org.jstap.debuginfo.kernel;

import org.jstap.api.spi.JstapModule;

/** Contributes the local kernel locator and the BTF debug-info provider. */
public final class KernelModule extends JstapModule {
    @Override
    protected void configure() {
        contributeKernelLocator(LocalKernelLocator.class);
        contributeDebugInfoProvider(BtfDebugInfoProvider.class);
    }
}
