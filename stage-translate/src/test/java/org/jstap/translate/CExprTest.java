package org.jstap.translate;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.junit.jupiter.api.Test;

/**
 * What pass 3 knows about the C it produced (CExpr, the slice flag of a key array) decides the code, not a
 * reading of the C text: a local is copied before a later call may change it, a literal (even LONG_MIN, whose C
 * is an expression) is not; [*, k] keys use the slice functions; a non-negative literal limit is not clamped.
 */
class CExprTest {
    private static String c(String script) throws Exception {
        Frontend.Result r = Frontend.elaborate("t.stp", script);
        assertNotNull(r.ir(), r.diagnostics());
        return new TranslateStage().run(r.ir(), StageContext.of(SessionOptions.builder().build(), () -> null))
                .text(TranslateStage.SOURCE);
    }

    @Test
    void operandsAreCopiedOnlyWhenTheyCanChange() throws Exception {
        String c = c("""
                global g
                function bump() { g++; return g }
                function f(p, q) { return p + q }
                probe begin { x = 1; println(f(x, bump()), f(5, bump()), f(-9223372036854775808, bump())); exit() }
                """);
        assertTrue(c.contains("t0 = f->l0_x;") && c.contains("fn_f.l0_p = t0;"), c);
        assertTrue(c.contains("fn_f.l0_p = 5LL;"), c);
        assertTrue(c.contains("fn_f.l0_p = (-9223372036854775807LL - 1);"), c);
    }

    @Test
    void slicesAndLimitsAreKnownFromTheIr() throws Exception {
        String c = c("""
                global a
                probe begin {
                  n = 2; a[1, 2] = 3
                  if ([*, 2] in a) delete a[*, 2]
                  foreach ([i, j] in a limit 3) println(i)
                  foreach ([i, j] in a limit n) println(j)
                  exit()
                }
                """);
        assertTrue(c.contains("jst_map_exists_slice(&g_a, &f->sl0)"), c);
        assertTrue(c.contains("jst_map_delete_slice(&g_a, &f->sl1);"), c);
        assertTrue(c.contains("JST_AGG_COUNT, 3LL, NULL)"), c);
        assertTrue(c.contains("< 0 ? 0 : "), "a limit that is not a literal is clamped at 0: " + c);
    }
}
