package org.jstap.backend.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Associative arrays: reads, writes, delete, slices, foreach order and limit, overflow and wrap. */
class ArraysTest {
    @Test
    void readsDoNotInsertWritesDo() {
        assertEquals("0 0 1 1 0\n", Scripts.ok("global a\nprobe begin { x = a[1]; printf(\"%d %d \", x, 1 in a); a[1] = 0; a[2] += 0;"
                + " printf(\"%d %d %d\\n\", 1 in a, 2 in a, 3 in a); exit() }"));
    }

    @Test
    void deleteElementsSlicesAndAll() {
        assertEquals("1 3 |y,1 |0\n", Scripts.ok("global a, m\nprobe begin { a[1]=1; a[2]=2; a[3]=3; delete a[2]; foreach (k+ in a) printf(\"%d \", k);"
                + " printf(\"|\"); m[\"x\",1]=1; m[\"x\",2]=2; m[\"y\",1]=3; delete m[\"x\",*]; foreach ([s,n] in m) printf(\"%s,%d \", s, n);"
                + " delete a; printf(\"|%d\\n\", 1 in a); exit() }"));
    }

    @Test
    void foreachSortsTheArrayItselfStablyAsStap() {
        String out = Scripts.ok("global a\nprobe begin { a[\"d\"]=2; a[\"b\"]=1; a[\"c\"]=2; a[\"a\"]=1; a[\"e\"]=2\n"
                + "foreach (k in a+) printf(\"%s\", k); printf(\" \"); foreach (k in a-) printf(\"%s\", k); printf(\" \");"
                + "foreach (k+ in a) printf(\"%s\", k); printf(\" \"); foreach (k- in a limit 2) printf(\"%s\", k); printf(\" \");"
                + "foreach (k in a) printf(\"%s\", k); println(\"\"); exit() }");
        // ties keep the current order; the limited sort moves the top 2 to the front, the pushed-out ones follow
        assertEquals("badce dceba abcde ed edcba\n", out);
    }

    @Test
    void foreachFollowsTheLiveOrderAndCountsTheLimitOverTheWholeArray() {
        // stap 4.8 (oracle/probes/foreach_sort_inside_loop, foreach_slice_limit_unsorted): a sort in the body changes
        // what comes next; a limit counts elements outside the slice too; a limit <= 0 visits and sorts nothing
        assertEquals("1 2 1 |4 3 2 1 |b,1 |a,1 a,2 |1 |\n", Scripts.ok("global t, m\nprobe begin { t[1]=1; t[2]=2; t[3]=3; t[4]=4\n"
                + "foreach (k in t) { printf(\"%d \", k); if (k == 2) foreach (j in t-) n++ } printf(\"|\");"
                + "foreach (k in t) printf(\"%d \", k); printf(\"|\");"
                + "m[\"b\",1]=9; m[\"a\",1]=1; m[\"a\",2]=2; m[\"b\",2]=8\n"
                + "foreach ([s, n] in m[\"a\", *] limit 1) printf(\"%s,%d \", s, n); foreach ([s, n] in m[\"b\", *] limit 3) printf(\"%s,%d \", s, n); printf(\"|\");"
                + "foreach ([s, n] in m[\"a\", *]+ limit 3) printf(\"%s,%d \", s, n); printf(\"|\");"
                + "foreach (v = [s, n] in m- limit -1) printf(\"%d \", v); foreach (v = [s, n] in m limit 1) printf(\"%d \", v); printf(\"|\");"
                + " println(\"\"); exit() }"));
    }

    @Test
    void foreachValueFormAndMultipleKeys() {
        assertEquals("b,1 a,1 b,2 a,3 |30 20 10 5 \n", Scripts.ok("global m\nprobe begin { m[\"b\",2]=20; m[\"a\",3]=30; m[\"b\",1]=10; m[\"a\",1]=5\n"
                + "foreach ([s, n+] in m) printf(\"%s,%d \", s, n); printf(\"|\"); foreach (v = [s, n] in m-) printf(\"%d \", v);"
                + " println(\"\"); exit() }"));
    }

    @Test
    void foreachSurvivesDeletesInTheBody() {
        assertEquals("1 3 \n", Scripts.ok("global a\nprobe begin { a[1]=1; a[2]=2; a[3]=3; foreach (k+ in a) { if (k == 1) delete a[2]; printf(\"%d \", k) }"
                + " println(\"\"); exit() }"));
    }

    @Test
    void overflowIsAnErrorWithStapsText() {
        Run.Out o = Scripts.fails("global a[3]\nprobe begin { for (i = 0; i < 5; i++) a[i] = i }");
        assertTrue(o.err().contains("ERROR: Array overflow, check size limit (3) near identifier 'a' at s.stp:2:39\n"), o.err());
        assertTrue(o.err().endsWith("WARNING: Number of errors: 1, skipped probes: 0\n"), o.err());
        Run.Out d = Scripts.fails("global a\nprobe begin { for (i = 0; i < 5; i++) a[i] = i }", "MAXMAPENTRIES=2");
        assertTrue(d.err().contains("check size limit (2)"), d.err());
    }

    @Test
    void wrappingArrayDropsTheOldest() {
        assertEquals("3 4 5 \n", Scripts.ok("global a%[3]\nprobe begin { for (i = 1; i <= 5; i++) a[i] = i; foreach (k in a) printf(\"%d \", k); println(\"\"); exit() }"));
    }
}
