package org.jstap.translate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.artefact.ModuleSourceArtefact;
import org.junit.jupiter.api.Test;

/**
 * Scripts through the real passes 1-2 and pass 3: matched() switches every =~ of the module to the Pike VM and
 * brings jst_regex.[ch] and its sizes; a script without matched() keeps the DFA and leaves the VM out.
 */
class SubmatchTranslationTest {
    private static ModuleSourceArtefact translate(String script) throws Exception {
        Frontend.Result r = Frontend.elaborate("t.stp", script);
        assertNotNull(r.ir(), r.diagnostics());
        return new TranslateStage().run(r.ir(), StageContext.of(SessionOptions.builder().build(), () -> null));
    }

    @Test
    void matchedUsesThePikeVmForEveryMatch() throws Exception {
        ModuleSourceArtefact a = translate("""
                function f(s) { return s =~ "^x" }
                probe begin { if ("id=42" =~ "id=([0-9]+)") println(matched(1)); println(f("xy")); exit() }
                """);
        String c = a.text(TranslateStage.SOURCE);
        assertTrue(c.contains("#define JST_NEED_REGEX 1"), c);
        assertTrue(c.contains("#define JST_RE_MAX_SLOTS 4"), c);
        assertTrue(c.indexOf("#define JST_RE_MAX_INSNS") < c.indexOf("#include \"jst_runtime.h\""));
        // the =~ of the function records its (empty) groups too, as interp's every match does
        assertTrue(c.contains("return jst_re_exec(&c->re, &jt_re_0_prog, s);"), c);
        assertTrue(c.contains("return jst_re_exec(&c->re, &jt_re_1_prog, s);"), c);
        assertFalse(c.contains("_cls[256]"), "no DFA tables once matched() is used");
        assertTrue(c.contains("jst_re_matched("), c);
        assertTrue(a.files().containsKey("jst_regex.c") && a.files().containsKey("jst_regex.h"));
    }

    @Test
    void withoutMatchedTheDfaStaysAndTheVmIsLeftOut() throws Exception {
        ModuleSourceArtefact a = translate("probe begin { println(\"id=42\" =~ \"id=([0-9]+)\"); exit() }");
        String c = a.text(TranslateStage.SOURCE);
        assertFalse(c.contains("JST_NEED_REGEX"), c);
        assertTrue(c.contains("static const unsigned char jt_re_0_cls[256]"), c);
        assertFalse(a.files().containsKey("jst_regex.c"));
    }

    @Test
    void matchedWithoutAnyMatchStillBuildsTheContextState() throws Exception {
        String c = translate("probe begin { println(matched(0)); exit() }").text(TranslateStage.SOURCE);
        assertTrue(c.contains("#define JST_NEED_REGEX 1"), c);
    }
}
