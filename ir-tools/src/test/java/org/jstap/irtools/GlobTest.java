package org.jstap.irtools;

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

    @Test
    void probePointMatchers() {
        assertTrue(Glob.matcher("vfs_*").test("vfs_read"));
        assertFalse(Glob.matcher("vfs_*").test("do_vfs_read"));
        assertTrue(Glob.matcher("sys_[rw]*").test("sys_write"));
        assertFalse(Glob.matcher("[!r]ead").test("read"));
        assertFalse(Glob.matcher("[^r]ead").test("read"), "^ negates like !");
        assertTrue(Glob.matcher("*").test("a.b/c"), "no special meaning for dots or slashes");
        assertTrue(Glob.matcher("a\\b").test("a\\b"), "no wildcard: compared as written, backslash included");
        assertTrue(Glob.isPattern("a[b]") && Glob.isPattern("a?") && !Glob.isPattern("a\\b") && !Glob.isPattern("a{b,c}"));
    }

    @Test
    void preprocessorVersionPatterns() {
        assertTrue(Glob.matcher("6.*").test("6.1.0-28-cloud-amd64"));
        assertFalse(Glob.matcher("5.*").test("6.1.0"));
        assertTrue(Glob.matcher("x86_6?").test("x86_64"));
        assertTrue(Glob.matcher("[]x]").test("]"), "a ] first in a class is a member");
        assertTrue(Glob.matcher("a[").test("a["), "an unterminated class is literal");
    }

    @Test
    void braces() {
        assertEquals(List.of("abde", "abdf", "acde", "acdf"), Glob.expandBraces("a{b,c}d{e,f}"));
        assertEquals(List.of("ab", "acd", "ace"), Glob.expandBraces("a{b,c{d,e}}"));
        assertEquals(List.of("a{b"), Glob.expandBraces("a{b"));
    }
}
