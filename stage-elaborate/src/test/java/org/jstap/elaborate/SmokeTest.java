package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void smoke() {
        Elab.Out o = Elab.run("global x; probe begin { x = 1; printf(\"%d\\n\", x) }");
        System.out.println(o.printed() + o.rendered());
        assertTrue(o.ok(), o.rendered());
        o = Elab.run("global s, a[100], t%; function f(n) { return n*2 } function g:string(s) { return s . \"x\" } probe begin { s <<< 1; a[\"x\",1] = f(3); t[1]=\"a\"; foreach ([k,j] in a- limit 5) printf(\"%s %d\\n\", k, j); print(@hist_log(s)); println(g(\"a\")) } probe timer.s(1), timer.ms(100).randomize(10) { exit() } probe end { printf(\"%d\\n\", @count(s)) } probe never {}");
        System.out.println(o.printed() + o.rendered());
        assertTrue(o.ok(), o.rendered());
        o = Elab.run("probe syscall.read { printf(\"%s %s\\n\", name, argstr) } probe syscall.read.return { println(retstr) }");
        System.out.println(o.printed() + o.rendered());
        assertTrue(o.ok(), o.rendered());
    }
}
