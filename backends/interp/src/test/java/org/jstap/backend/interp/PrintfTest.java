package org.jstap.backend.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** printf conversions, cases and results from runtime-c's golden test (runtime-c/src/test/c/test_printf.c). */
class PrintfTest {
    private static String p(String fmt, String args) {
        return Scripts.begin("printf(\"" + fmt + "\"" + (args.isEmpty() ? "" : ", " + args) + ")");
    }

    @Test
    void integers() {
        assertEquals("[-12345]", p("[%d]", "-12345"));
        assertEquals("[18446744073709551615]", p("[%u]", "-1"));
        assertEquals("[ffffffffffffffff]", p("[%x]", "-1"));
        assertEquals("[0XBEEF]", p("[%#X]", "48879"));
        assertEquals("[0x0]", p("[%#x]", "0"));
        assertEquals("[010]", p("[%#o]", "8"));
        assertEquals("[00000005]", p("[%08.3d]", "5"));
        assertEquals("[5       |]", p("[%-08d|]", "5"));
        assertEquals("[+7] [ 7] [007] [0]", p("[%+d] [% d] [%.3d] [%.0d]", "7, 7, 7, 0"));
    }

    @Test
    void flagCombinationsAsStap() { // stap 4.8 (conformance-tests/oracle): '0' only counts as the sole flag
        assertEquals("[      0xff] [  +42] [   42] [00] [       010]",
                p("[%#010x] [%+05d] [% 05d] [%#o] [%#010o]", "255, 42, 42, 0, 8"));
        assertEquals("[    0] [+0] [] [     ]", p("[%5.0d] [%+.0d] [%.0s] [%5.0s]", "0, 0, \"abc\", \"ab\""));
    }

    @Test
    void charsPointersBinary() {
        assertEquals("[A] [  z|] [z  |]", p("[%c] [%3c|] [%-3c|]", "65, 122, 122"));
        assertEquals("[0x1234] [0xffffffff81000000] [0x0]", p("[%p] [%p] [%p]", "4660, -2130706432, 0"));
        assertEquals("[0x000001] [0x000000ff] [0x1     |]", p("[%08p] [%010p] [%-8p|]", "1, 255, 1"));
        assertEquals("[              0x1234|] [0xabc               |]", p("[%20p|] [%-20p|]", "4660, 2748"));
        assertEquals("[A] [BA] [DCBA]", p("[%1b] [%2b] [%4b]", "65, 16706, 1094861636"));
    }

    @Test
    void stringsAndStars() {
        assertEquals("[plain] [tr] [100%]", p("[%s] [%.2s] [100%%]", "\"plain\", \"tra\""));
        assertEquals("[    42|7   |] [abc|] [42|]", p("[%*d|%-*d|] [%.*s|] [%*d|]", "6, 42, 4, 7, 3, \"abcdef\", -6, 42"));
        assertEquals("[ab] [] [5]", p("[%*s] [%.*s] [%.*d]", "-5, \"ab\", -1, \"abc\", -2, 5"));
        assertEquals("[  abc] [abc  ]", p("[%5s] [%-5s]", "\"abc\", \"abc\""));
    }

    @Test
    void sprintfIsCutAtMaxStringLen() {
        assertEquals("aaaa-bbb 8\n", Scripts.begin("s = sprintf(\"%s-%s\", \"aaaa\", \"bbbb\"); printf(\"%s %d\\n\", s, strlen(s))", "MAXSTRINGLEN=9"));
    }

    @Test
    void printForms() {
        assertEquals("a1b\nx2y\none, 2, three\n1-2-3\n42str", Scripts.begin("print(\"a\", 1, \"b\"); print(\"\\n\"); println(\"x\", 2, \"y\");"
                + " printd(\", \", \"one\", 2, \"three\"); print(\"\\n\"); printdln(\"-\", 1, 2, 3); print(sprint(42), sprint(\"str\"))"));
    }
}
