package org.jstap.debuginfo.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jstap.api.debuginfo.DebugInfoProvider;
import org.jstap.api.spi.JstapModule;
import org.jstap.api.spi.KernelLocator;
import org.junit.jupiter.api.Test;

class KernelModuleTest {
    @Test
    void wiresLocatorAndSingletonProvider() {
        Injector inj = Guice.createInjector(com.google.inject.Stage.PRODUCTION, new KernelModule());
        Set<KernelLocator> locators = inj.getInstance(Key.get(new TypeLiteral<Set<KernelLocator>>() {}));
        Set<DebugInfoProvider> providers = inj.getInstance(Key.get(new TypeLiteral<Set<DebugInfoProvider>>() {}));
        assertInstanceOf(LocalKernelLocator.class, locators.iterator().next());
        DebugInfoProvider p = providers.iterator().next();
        assertInstanceOf(BtfDebugInfoProvider.class, p);
        assertEquals("btf", p.name());
        assertSame(p, inj.getInstance(Key.get(new TypeLiteral<Set<DebugInfoProvider>>() {})).iterator().next());
    }

    @Test
    void listedAsService() throws IOException {
        try (InputStream in = KernelModule.class.getResourceAsStream("/META-INF/services/" + JstapModule.class.getName())) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().anyMatch(KernelModule.class.getName()::equals));
        }
    }
}
