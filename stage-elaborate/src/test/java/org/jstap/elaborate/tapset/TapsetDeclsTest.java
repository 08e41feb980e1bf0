package org.jstap.elaborate.tapset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * tapset/DECLS is what scanning every file INDEX lists gives, so pass 2 can trust it instead of reading the whole
 * library. Regenerate with {@code -Dtapset.decls.update=true} after adding or changing a tapset file.
 */
class TapsetDeclsTest {
    private static List<TapsetLibrary.Entry> scannedFiles() {
        List<TapsetLibrary.Entry> files = new ArrayList<>();
        for (String name : TapsetLibrary.indexNames()) {
            if (!name.endsWith(".stp")) continue;
            String text = TapsetLibrary.resource("tapset/" + name);
            assertTrue(text != null, "INDEX lists tapset/" + name + ", which is not on the class path");
            files.add(new TapsetLibrary.Entry("tapset/" + name, text));
        }
        return files;
    }

    @Test
    void declsMatchTheFiles() throws Exception {
        String expected = TapsetLibrary.formatDecls(scannedFiles());
        if (Boolean.getBoolean("tapset.decls.update")) {
            Files.writeString(Path.of("src/main/resources/tapset/DECLS"), expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, TapsetLibrary.resource(TapsetLibrary.DECLS),
                "tapset/DECLS is stale: run TapsetDeclsTest with -Dtapset.decls.update=true");
    }

    @Test
    void indexListsEachFileOnce() {
        List<String> names = TapsetLibrary.indexNames();
        assertEquals(names.size(), new java.util.HashSet<>(names).size(), "tapset/INDEX repeats a file: " + names);
    }

    @Test
    void builtinLibraryAnswersFromDeclsAndReadsFilesOnDemand() {
        TapsetLibrary lib = TapsetLibrary.load(List.of());
        assertFalse(lib.definingFunction("ctime").isEmpty());
        assertFalse(lib.definingAliases("signal").isEmpty());
        assertFalse(lib.definingAliases("nd_syscall").isEmpty());
        TapsetLibrary.Entry task = lib.definingFunction("task_parent").iterator().next();
        assertEquals("tapset/task.stp", task.name());
        assertTrue(task.text().contains("function task_parent"));
    }

    @Test
    void entriesWithTextAreScanned() {
        TapsetLibrary lib = new TapsetLibrary(List.of(new TapsetLibrary.Entry("x.stp",
                "global g1, g2[10]\nfunction f:long () { return 1 }\nprobe my.alias = begin { }\n")));
        assertEquals(1, lib.definingGlobal("g2").size());
        assertEquals(1, lib.definingFunction("f").size());
        assertEquals(1, lib.definingAliases("my").size());
    }
}
