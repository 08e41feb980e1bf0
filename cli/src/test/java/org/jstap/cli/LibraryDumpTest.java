package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.spi.Registry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** --dump-functions / --dump-probe-aliases / --dump-probe-types print jstap's library in stap 4.8's line formats. */
class LibraryDumpTest {
    private static Registry registry;

    @BeforeAll
    static void discover() {
        registry = Registry.discover(LibraryDumpTest.class.getClassLoader());
    }

    private static List<String> lines(String option) {
        CliRun r = CliRun.run(registry, option);
        assertEquals(0, r.status(), r.err());
        return r.out().lines().toList();
    }

    private static void sortedAsStap(List<String> l) {
        List<String> s = new ArrayList<>(l);
        s.sort(null);
        assertEquals(s, l, "sorted by the whole line, as stap sorts them");
    }

    @Test
    void functionsWithInferredTypesBothArities() {
        List<String> f = lines("--dump-functions");
        assertTrue(f.size() > 500, "the tapset and the builtins: " + f.size());
        assertTrue(f.contains("tokenize:string (delim:string)"));
        assertTrue(f.contains("user_string_n_warn:string (addr:long, n:long, warn_msg:string)"));
        assertTrue(f.contains("ctime:string ()") && f.contains("ctime:string (epochsecs:long)"));
        assertTrue(f.contains("exit:unknown ()"), "a function without a value is 'unknown', as stap prints it");
        assertTrue(f.stream().noneMatch(l -> l.startsWith("_")), "no internal names");
        sortedAsStap(f);
    }

    @Test
    void aliasesWithWhatTheyExpandTo() {
        List<String> a = lines("--dump-probe-aliases");
        assertTrue(a.contains("vfs.write = kernel.function(\"vfs_write\")"), String.join("\n", a.subList(0, 5)));
        assertTrue(a.stream().allMatch(l -> l.contains(" = ") && !l.startsWith("_")));
        sortedAsStap(a);
    }

    @Test
    void probeTypesWithStringAndNumberArguments() {
        List<String> t = lines("--dump-probe-types");
        assertTrue(t.contains("begin") && t.contains("begin(number)") && t.contains("timer.ms(number)")
                && t.contains("kernel.function(string).return"), String.join("\n", t));
        sortedAsStap(t);
    }
}
