package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import org.jstap.api.spi.Registry;
import org.junit.jupiter.api.Test;

/** The registry wired without Guice holds what Guice wires from the same modules, in the same order. */
class LeanRegistryTest {
    private static List<String> names(Collection<?> c) {
        return c.stream().map(o -> o.getClass().getName()).toList();
    }

    @Test
    void sameExtensionsAsGuiceWires() {
        Registry lean = Registry.discover(getClass().getClassLoader());
        Registry guice = lean.injector().getInstance(Registry.class);
        assertFalse(lean.stages().isEmpty());
        assertEquals(names(guice.stages()), names(lean.stages()));
        assertEquals(names(guice.backends()), names(lean.backends()));
        assertEquals(names(guice.runTargets()), names(lean.runTargets()));
        assertEquals(names(guice.probeProviders()), names(lean.probeProviders()));
        assertEquals(names(guice.debugInfos()), names(lean.debugInfos()));
        assertEquals(names(guice.kernelLocators()), names(lean.kernelLocators()));
        assertEquals(names(guice.subcommands()), names(lean.subcommands()));
    }

    @Test
    void aStageAskingForTheStageSetGetsTheWiredOne() {
        Registry lean = Registry.discover(getClass().getClassLoader());
        // pass 2 reads the tapset library through the other stages (a Provider<Set<Stage>>): it must elaborate
        assertTrue(lean.stage(org.jstap.api.Pass.ELABORATE, "kmod").isPresent());
    }
}
