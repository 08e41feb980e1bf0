package org.jstap.backend.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Statistics and histograms, checked against runtime-c's golden output (runtime-c/src/test/c/test_stat.c). */
class StatsTest {
    @Test
    void extractorsAndVarianceAsRuntimeC() {
        // test_stat.out: "1..10 one cpu: count=10 sum=55 min=1 max=10 avg=5 variance=48"
        assertEquals("10 55 1 10 5 48\n", Scripts.ok("global s\nprobe begin { for (i = 1; i <= 10; i++) s <<< i\n"
                + "printf(\"%d %d %d %d %d %d\\n\", @count(s), @sum(s), @min(s), @max(s), @avg(s), @variance(s)); exit() }"));
        assertEquals("12 -5 0\n", Scripts.ok("global s, t\nprobe begin { for (i = 1; i <= 5; i++) s <<< i; t <<< -5\n"
                + "printf(\"%d %d %d\\n\", @variance(s), @avg(t), @variance(t)); exit() }"));
    }

    @Test
    void arrayElementVarianceIsThePartialAsItIs() {
        // stap 4.8: a scalar is combined (48), an element read from one CPU's partial is not (31)
        assertEquals("48 31\n", Scripts.ok("global s, a\nprobe begin { for (i = 1; i <= 10; i++) { s <<< i; a[1] <<< i }\n"
                + "printf(\"%d %d\\n\", @variance(s), @variance(a[1])); exit() }"));
    }

    @Test
    void emptyAggregate() {
        Run.Out o = Scripts.fails("global s\nprobe begin { printf(\"%d %d\\n\", @count(s), @sum(s)); println(@min(s)) }");
        assertEquals("0 0\n", o.out());
        assertTrue(o.err().startsWith("ERROR: empty aggregate near operator '@min' at s.stp:2:"), o.err());
    }

    @Test
    void printingAnEmptyHistogramIsAnError() {
        Run.Out o = Scripts.fails("global s\nprobe begin { print(@hist_log(s)); println(\"no\") }");
        assertEquals("", o.out());
        assertTrue(o.err().startsWith("ERROR: empty aggregate near identifier 'print' at s.stp:2:15"), o.err());
    }

    @Test
    void logHistogramLayout() {
        // test_stat.out "--- log 1,2,2,3,100"
        assertEquals("""
                value |-------------------------------------------------- count
                    0 |                                                   0
                    1 |@                                                  1
                    2 |@@@                                                3
                    4 |                                                   0
                    8 |                                                   0
                   16 |                                                   0
                   32 |                                                   0
                   64 |@                                                  1
                  128 |                                                   0
                  256 |                                                   0

                """, Scripts.ok("global s\nprobe begin { s <<< 1; s <<< 2; s <<< 2; s <<< 3; s <<< 100; print(@hist_log(s)); exit() }"));
    }

    @Test
    void linearHistogramWithOutliersAndElision() {
        // test_stat.out "--- linear with under- and overflow"
        assertEquals("""
                value |-------------------------------------------------- count
                   <0 |@                                                  1
                    0 |                                                   0
                   10 |                                                   0
                      ~
                   30 |                                                   0
                   40 |                                                   0
                   50 |@                                                  1
                   60 |                                                   0
                   70 |                                                   0
                      ~
                   90 |                                                   0
                  100 |                                                   0
                 >100 |@@                                                 2

                """, Scripts.ok("global s\nprobe begin { s <<< -5; s <<< 50; s <<< 150; s <<< 150; print(@hist_linear(s, 0, 100, 10)); exit() }"));
    }

    @Test
    void wideLabelsAndBuckets() {
        // test_stat.out "--- linear wide labels"
        assertEquals("""
                   value |-------------------------------------------------- count
                -1000000 |@                                                  1
                 -900000 |                                                   0
                 -800000 |                                                   0
                         ~
                 -200000 |                                                   0
                 -100000 |                                                   0
                       0 |@@                                                 2
                  100000 |                                                   0
                  200000 |                                                   0

                """, Scripts.ok("global s\nprobe begin { s <<< -999999; s <<< 0; s <<< 12345; print(@hist_linear(s, -1000000, 1000000, 100000));"
                + " exit() }"));
        assertEquals("2 1 0\n", Scripts.ok("global s\nprobe begin { s <<< 0; s <<< 0; s <<< 1\n"
                + "printf(\"%d %d %d\\n\", @hist_log(s)[64], @hist_log(s)[65], @hist_log(s)[999]); exit() }"));
    }

    @Test
    void statisticArraysSortByCountOrAnotherExtractor() {
        assertEquals("open read write |write open read \n", Scripts.ok("global l\nprobe begin { l[\"read\"] <<< 10; l[\"read\"] <<< 30; l[\"write\"] <<< 5;"
                + " l[\"open\"] <<< 1; l[\"open\"] <<< 2; l[\"open\"] <<< 3\n"
                + "foreach (k in l-) printf(\"%s \", k); printf(\"|\"); foreach (k in l @sum+) printf(\"%s \", k); println(\"\"); exit() }"));
    }
}
