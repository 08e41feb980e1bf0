package org.jstap.irtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** -G values read as stap 4.8's module parameters read them (each value checked with stap in the VM). */
class GlobalSettingsTest {
    @Test
    void numbersAsSimpleStrtoll() {
        assertEquals(5L, GlobalSettings.strtoll("5"));
        assertEquals(16L, GlobalSettings.strtoll("0x10"));
        assertEquals(-16L, GlobalSettings.strtoll("-0x10"));
        assertEquals(8L, GlobalSettings.strtoll("010"));
        assertEquals(0L, GlobalSettings.strtoll("08"));
        assertEquals(0L, GlobalSettings.strtoll("0x"));
        assertEquals(1L, GlobalSettings.strtoll("0x1g"));
        assertEquals(1L, GlobalSettings.strtoll("1.5"));
        assertEquals(1L, GlobalSettings.strtoll("1_000"));
        assertEquals(0L, GlobalSettings.strtoll("-"));
        assertEquals(0L, GlobalSettings.strtoll("--5"));
        assertEquals(7766279631452241919L, GlobalSettings.strtoll("99999999999999999999"));
        assertNull(GlobalSettings.strtoll("abc"));
        assertNull(GlobalSettings.strtoll("_5"));
        assertNull(GlobalSettings.strtoll(""));
    }
}
