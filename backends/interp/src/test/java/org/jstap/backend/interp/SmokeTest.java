package org.jstap.backend.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void hello() {
        Run.Out o = Run.run("probe begin { println(\"hi\"); x = 1/0 }");
        System.out.println(o);
        assertEquals("hi\n", o.out(), o.err());
    }
}
