package org.jstap.elaborate.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {
    @Test
    void basics() {
        assertTrue(Glob.matches("*", ""));
        assertTrue(Glob.matches("a*c", "abbbc"));
        assertFalse(Glob.matches("a*c", "abbbd"));
        assertTrue(Glob.matches("a?c", "abc"));
        assertFalse(Glob.matches("a?c", "ac"));
        assertTrue(Glob.matches("[a-c]x", "bx"));
        assertFalse(Glob.matches("[!a-c]x", "bx"));
        assertTrue(Glob.matches("*a*b*", "xxaxxbxx"));
        assertTrue(Glob.matches("a\\*", "a*"));
        assertFalse(Glob.matches("a\\*", "ab"));
        assertTrue(Glob.matches("[]]", "]"));
        assertTrue(Glob.matches("ab", "ab"));
        assertFalse(Glob.matches("ab", "abc"));
        assertTrue(Glob.matches("a*b*a", "aba"));
        assertFalse(Glob.matches("ab*ba", "aba"));              // pieces must not overlap
        assertTrue(Glob.matches("a*ba", "aba"));
        assertTrue(Glob.matches("*a", "aaa"));
        assertTrue(Glob.matches("a**", "a"));
        assertTrue(Glob.matches("*[0-9]?x*", "abc7zx"));
        assertFalse(Glob.matches("*[0-9]?x*", "abc7x"));
        assertTrue(Glob.matches("[", "["));
        assertTrue(Glob.matches("", ""));
        assertFalse(Glob.matches("", "a"));
        assertTrue(Glob.matches("?*?", "ab"));
        assertFalse(Glob.matches("?*?", "a"));
    }

    @Test
    void filterUsesPrefix() {
        List<String> sorted = List.of("a", "ab", "abc", "b", "ba");
        assertEquals(List.of("ab", "abc"), Glob.filter("ab*", sorted));
        assertEquals(List.of("ba"), Glob.filter("?a", sorted));
        assertEquals(List.of("b"), Glob.filter("b", sorted));
        assertEquals(List.of(), Glob.filter("c", sorted));
    }
}
