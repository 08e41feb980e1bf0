package org.jstap.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.junit.jupiter.api.Test;

/** What stap 4.8's -p1 refuses (each case run with stap -p1), jstap's pass 1 refuses too, with pass 2's codes. */
class PassOnePlacementTest {
    private static List<String> errors(String text) {
        return Parsing.run(text).errorsAt();
    }

    @Test
    void duplicateGlobalsOfOneFile() {
        assertEquals(List.of("sem.duplicate.declaration@2:8"), errors("global a\nglobal a\nprobe begin { a = 1 }\n"));
        assertEquals(List.of("sem.duplicate.declaration@1:11"), errors("global b, b\nprobe begin { b = 1 }\n"));
    }

    @Test
    void embeddedCodeNeedsGuruInTheUsersScriptOnly() {
        assertEquals(List.of("sem.embedded.needs.guru@1:1", "sem.embedded.needs.guru@2:20", "sem.embedded.needs.guru@3:30"),
                errors("%{ int x; %}\nfunction f:long () %{ STAP_RETVALUE = 1; %}\nprobe begin { printf(\"%d\\n\", %{ 1 %} + f()) }\n"));
        assertEquals(List.of(), Parsing.run("%{ int x; %}\nprobe begin { print(1) }\n", SessionOptions.builder().guru(true)
                .build(), () -> null).errorsAt(), "-g");
        StageContext ctx = StageContext.of(SessionOptions.builder().build(), () -> null);
        new ParseStageHelper().library(ctx); // a tapset file's embedded C is no error in pass 1
        assertEquals(0, ctx.diagnostics().errorCount());
    }

    @Test
    void printFamilyShapes() {
        assertEquals(List.of("sem.wrong.arity@1:15"), errors("probe begin { printd(\",\", 1) }\n"));
        assertEquals(List.of("sem.wrong.arity@1:15"), errors("probe begin { print() }\n"));
        assertEquals(List.of("sem.bad.format@1:33"), errors("probe begin { d = \",\"; printdln(d, 1, 2) }\n"));
        assertEquals(List.of("sem.bad.format@1:15"), errors("probe begin { printf() }\n"));
        assertEquals(List.of(), errors("probe begin { println(); printd(\",\", 1, 2); x = sprintd(\"-\", 1, \"a\"); print(x) }\n"));
    }

    @Test
    void archRuntimePrivilegeCompareForEqualityOnly() {
        assertEquals(List.of("preproc.bad.condition@1:9"), errors("%( arch < \"x86\" %? probe begin {} %)\nprobe end {}\n"));
        assertEquals(List.of("preproc.bad.condition@1:12"), errors("%( runtime >= \"a\" %? probe begin {} %)\nprobe end {}\n"));
        assertEquals(List.of(), errors("%( arch == \"x86*\" %? probe begin {} %)\n%( \"a\" < \"b\" %? probe end {} %)\n"));
    }

    /** The parse stage as pass 2 calls it for a tapset file. */
    static final class ParseStageHelper {
        void library(StageContext ctx) {
            try {
                new ParseStage().run(ScriptSource.library("tapset/x.stp", "%{ int x; %}\nfunction f:long () %{ /* pure */ %}\n"), ctx);
            } catch (org.jstap.api.StageFailedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
