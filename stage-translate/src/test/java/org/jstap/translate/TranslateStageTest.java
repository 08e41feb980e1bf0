package org.jstap.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jstap.api.Pass;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ModuleCodecs;
import org.jstap.api.artefact.ModuleSourceArtefact;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.spi.Registry;
import org.junit.jupiter.api.Test;

/** The generated C's structure, without a compiler (see {@link KbuildTest} for that). */
class TranslateStageTest {
    static ModuleSourceArtefact translate(IrArtefact ir) throws StageFailedException {
        return new TranslateStage().run(ir, StageContext.of(SessionOptions.builder().build(), () -> null));
    }

    static String c(ModuleSourceArtefact a) {
        return a.text(TranslateStage.SOURCE);
    }

    @Test
    void helloIsSmallAndUsesOnlyTheCoreRuntime() throws Exception {
        ModuleSourceArtefact a = translate(Programs.hello());
        String c = c(a);
        assertTrue(c.contains("#define JST_NEED_MAPS 0"));
        assertTrue(c.contains("#define JST_NEED_STATS 0"));
        assertTrue(c.contains("#define JST_NEED_KPROBES 0"));
        assertTrue(c.contains("jst_print_str(c, \"hello world\\n\");"));
        assertTrue(c.contains("jst_exit(c);"));
        assertTrue(c.contains("{ &jt_probe_0, JST_BEGIN }"));
        assertTrue(c.trim().endsWith("JST_MODULE(jt_module);"));
        assertTrue(a.files().containsKey("jst_runtime.c"));
        assertFalse(a.files().containsKey("jst_map.c"), "no arrays, no map code");
        assertFalse(a.files().containsKey("jst_stat.c"));
        assertEquals(List.of("begin"), a.probes());
        assertTrue(c.lines().count() < 150, "hello stays small: " + c.lines().count() + " lines");
    }

    @Test
    void linearHistogramBucketsAreCheckedAgainstTheLimitWhenTheModuleCompiles() throws Exception {
        String c = c(translate(Programs.language()));
        assertTrue(c.contains("_Static_assert(13LL <= JST_HIST_MAX_BUCKETS, \"@hist_linear(st, 0, 50, 5) needs 13 buckets, "
                + "more than JST_HIST_MAX_BUCKETS: raise it with -DJST_HIST_MAX_BUCKETS=13\");"), c);
    }

    @Test
    void kbuildNamesTheModuleAfterPassFour() throws Exception {
        String kb = translate(Programs.hello()).text(ModuleSourceArtefact.KBUILD);
        assertTrue(kb.contains("obj-m := $(JSTAP_MODULE).o"));
        assertTrue(kb.contains("$(JSTAP_MODULE)-y := jstap-script.o"));
        assertTrue(kb.contains("include $(src)/jst_runtime.mk"));
    }

    @Test
    void everyStatementCarriesAScriptMarkerAndCountsTowardMaxaction() throws Exception {
        String c = c(translate(Programs.language()));
        Matcher m = Pattern.compile("(?m)^(\\s*)/\\* @jstap s\\.stp:(\\d+):(\\d+) \\*/\\n\\1JT_STMT\\(").matcher(c);
        int n = 0;
        while (m.find()) n++;
        long stmts = c.lines().filter(l -> l.trim().startsWith("JT_STMT(")).count();
        assertTrue(n > 40, "markers before statements: " + n);
        assertTrue(stmts >= n);
        assertTrue(c.contains("#define JT_STMT(near) do { c->last_stmt = (near); if (unlikely(jst_action(c, 1))) goto out; } while (0)"));
    }

    @Test
    void runtimeErrorsCarryStapsNearText() throws Exception {
        String c = c(translate(Programs.language()));
        assertTrue(c.matches("(?s).*c->last_stmt = \"operator '/' at s\\.stp:\\d+:5\";\\n\\s*t\\d+ = jst_div\\(c, 1LL, 0LL\\);.*"), c);
        assertTrue(c.contains("c->last_stmt = \"identifier 'fib' at s.stp:"));
        assertTrue(c.contains("if (jst_nest_enter(c))"), "MAXNESTING guard on calls");
    }

    @Test
    void functionsLiveInFramesIndexedByNestingAndRecursionKeepsDefaultMaxnesting() throws Exception {
        String c = c(translate(Programs.language()));
        assertTrue(c.contains("static noinline void jf_fib(struct jst_context *c)"));
        assertTrue(c.contains("struct jfr_fn_fib *f __maybe_unused = &JT_FRAME(c->nesting)->fn_fib;"));
        assertTrue(c.contains("/* recursion (fib -> fib): MAXNESTING keeps its default */"));
        assertTrue(c.contains(".locals_size = sizeof(union jt_frames) * (MAXNESTING + 1),"));
        assertTrue(c.contains("char s0[MAXSTRINGLEN];"), "string temporaries are in the frame, not on the stack");
        assertFalse(c.matches("(?s).*\\n\\tchar [a-z0-9_]+\\[MAXSTRINGLEN\\];\\n\\n.*"), "no string on the kernel stack");
    }

    @Test
    void acyclicCallGraphsSetMaxnestingToTheDeepestChain() throws Exception {
        String c = c(translate(Programs.hello()));
        assertTrue(c.contains("#define MAXNESTING 0"));
    }

    @Test
    void globalsAreDeclaredWithTheirShapesAndLockedInOneOrder() throws Exception {
        String c = c(translate(Programs.language()));
        assertTrue(c.contains("static int64_t g_n = 5LL;"), "initialised statically: -G may replace it");
        assertTrue(c.contains("static char g_name[MAXSTRINGLEN] = \"jstap\";"), "initialised statically: -G may replace it");
        assertTrue(c.contains("module_param_string(name, g_name, MAXSTRINGLEN, 0);"), "-G name=VALUE");
        assertTrue(c.contains("module_param_cb(n, &jt_param_ops_int64, &g_n, 0);"), "-G n=VALUE");
        assertTrue(c.contains("static struct jst_map g_a;"));
        assertTrue(c.contains(".maxentries = 100, .wrap = false,"));
        assertTrue(c.contains(".valtype = JST_T_LONG, .maxentries = 0 /* MAXMAPENTRIES */, .wrap = true,"));
        assertTrue(c.contains("static struct jst_pstat g_st;"));
        // no @variance on it: the runtime skips the running variance on every <<<
        assertTrue(c.contains("{ .nhist = 1, .hist = { { .type = JST_HIST_LINEAR, .start = 0LL, .stop = 100LL, .interval = 10LL } }, .no_variance = 1 }"), c);
        // several histogram shapes on one statistic: one counter set each, printed by index
        assertTrue(c.contains("{ .nhist = 2, .hist = { { .type = JST_HIST_LOG }, { .type = JST_HIST_LINEAR, .start = 0LL, "
                + ".stop = 50LL, .interval = 5LL } }, .no_variance = 1 }"), c);
        assertTrue(c.contains("jt_hist_print(c, jst_pstat_get(&g_st), &g_st.spec, 0);"));
        assertTrue(c.contains("jt_hist_print(c, jst_pstat_get(&g_st), &g_st.spec, 1);"));
        assertTrue(c.contains("jst_hist_count(jst_pstat_get(&g_lst), &g_lst.spec, 0, "));
        assertTrue(c.contains("static struct jst_pmap g_per;"));
        // lock order = declaration order; unwinding labels release what was taken
        int n = c.indexOf("if (jst_lock_write(&gl_n))"), name = c.indexOf("if (jst_lock_read(&gl_name))");
        assertTrue(n > 0 && name > n);
        assertTrue(c.contains("rc = jst_map_init(&g_a, &gs_a);"));
        assertTrue(c.contains("fail_1:\n\tjst_map_free(&g_a);"), "partial allocation failure frees what was made");
        assertTrue(c.contains("jst_lock_init(&gl_n);"));
        assertFalse(c.contains("\tg_n = 5LL;"), "not set again at load, after the module parameters");
    }

    @Test
    void foreachUsesSortedIterationAndAlwaysEndsIt() throws Exception {
        String c = c(translate(Programs.language()));
        assertTrue(c.contains("jst_map_iter_start(c, &g_a, &f->it0, JST_SORT_VALUE, -1, JST_AGG_COUNT, 5LL, NULL)"));
        assertTrue(c.contains("jst_map_iter_start(c, &g_m, &f->it1, 1, 1, JST_AGG_COUNT, -1, &f->sl0)"));
        assertTrue(c.contains("jst_pmap_aggregate(c, &g_per)"));
        assertTrue(c.contains("out: __attribute__((unused));\n\tif (f->it0.m)\n\t\tjst_map_iter_end(&f->it0);"));
    }

    @Test
    void tryCatchJumpsToTheHandlerButNotForMaxaction() throws Exception {
        String c = c(translate(Programs.language()));
        assertTrue(c.contains("JT_CHECK(catch_"));
        assertTrue(c.contains(": __attribute__((unused));\n\tif (!jt_catchable(c))\n\t\tgoto out;\n\tjst_strcpy(f->l4_msg, c->last_error);\n\tc->last_error = NULL;"));
    }

    @Test
    void probeFamiliesBecomeRuntimeDescriptors() throws Exception {
        ModuleSourceArtefact a = translate(Programs.families());
        String c = c(a);
        assertTrue(c.contains("#define JST_NEED_KPROBES 1"));
        assertTrue(c.contains("#define JST_NEED_TRACEPOINTS 1"));
        assertTrue(c.contains("#define JST_NEED_UPROBES 1"));
        assertTrue(c.contains("#define JST_NEED_PROFILE 1"));
        // one handler per probe, calling its body directly; bodies that take a global's lock keep interrupts off
        assertTrue(c.contains("JST_KPROBE_HANDLER_LOCKED(jt_kph_probe_0, jt_probe_0, jp_probe_0)"), c);
        assertTrue(c.contains("JST_KRETPROBE_HANDLER_LOCKED(jt_krh_probe_1, jt_probe_1, jp_probe_1)"), c);
        assertTrue(c.contains("JST_KPROBE_HANDLER(jt_kph_probe_2, jt_probe_2, jp_probe_2)"), c);
        assertTrue(c.contains("JST_KRETPROBE_HANDLER(jt_krh_probe_3, jt_probe_3, jp_probe_3)"), c);
        // and are inlined there: their descriptors name no body
        assertTrue(c.contains(".body = NULL /* jp_probe_2, inlined in its handler */"), c);
        assertTrue(c.contains("static __always_inline void jp_probe_2(struct jst_context *c)"), c);
        assertTrue(c.contains("{ .probe = &jt_probe_0, .symbol = \"ksys_read\", .is_return = 0, .optional = 0, .pre = jt_kph_probe_0 }"), c);
        assertTrue(c.contains(".symbol = \"ksys_read\", .is_return = 1, .optional = 0, .maxactive = 20, .ret = jt_krh_probe_1, .entry_size = sizeof(struct jent_probe_1), .entry_body = je_probe_1 }"));
        assertTrue(c.contains(".symbol = \"ext4:ext4_file_open\", .is_return = 1"));
        assertTrue(c.contains("{ .probe = &jt_probe_4, .name = \"sched_switch\", .nargs = 4, .optional = 0 }"));
        assertTrue(c.contains("{ .probe = &jt_probe_5, .period_ns = 100000000ULL, .randomize_ns = 0ULL }"));
        assertTrue(c.contains(".period_ns = (uint64_t)8 * (NSEC_PER_SEC / HZ), .randomize_ns = (uint64_t)4 * (NSEC_PER_SEC / HZ)"));
        assertTrue(c.contains(".period_ns = 900000000ULL, .randomize_ns = 200000000ULL"));
        assertTrue(c.contains("{ .probe = &jt_probe_9, .path = \"/bin/bash\", .offset = 0xd0a40, .is_return = 1, .optional = 0 }"));
        assertTrue(c.contains("{ .probe = &jt_probe_8 }"));
        assertEquals(12, a.probes().size());
    }

    @Test
    void targetVariablesAreNonFaultingReads() throws Exception {
        String c = c(translate(Programs.families()));
        assertTrue(c.contains("= JT_REG(di);"));
        assertTrue(c.matches("(?s).*(t\\d+) = jst_kread_int\\(c, \\(unsigned long\\)\\(\\1 \\+ 64LL\\), 8, 0\\);.*"));
        assertTrue(c.contains("jst_kread_string(c, f->s"));
        assertTrue(c.contains("jst_uread_string(c, f->s"), "user-space $vars of process probes");
        assertTrue(c.matches("(?s).*= \\(int64_t\\)\\(\\(\\(uint64_t\\)t\\d+ >> 3\\) & \\(\\(1ULL << 5\\) - 1\\)\\);.*"), "bitfield");
        assertTrue(c.contains("c->last_stmt = \"identifier '$file->f_pos' at s.stp:"));
        assertTrue(c.contains("((int64_t)c->tp_args[1])"));
        // $x$: members appended one by one, each with its own fault flag; a faulting member prints ?
        assertTrue(c.contains("jst_pretty_append(c, f->s"), c);
        assertTrue(c.contains(", \"{.a=?\");") && c.contains(", \"{.a=%d\", (int64_t)t"));
        assertTrue(c.contains(", \", .name=?\");") && c.contains(", \", .name=\\\"%s\\\"\", (const char *)f->s"), c);
        assertTrue(c.contains(", \"}\");"));
        assertTrue(!c.contains(", \"?\");"), "a faulting char array is a bare ?, not a quoted one");
        assertTrue(c.contains("struct jent_probe_1 {\n\tint64_t e0;\n\tchar e1[MAXSTRINGLEN];\n};"));
        assertTrue(c.contains("jt_e->e0 = ((int64_t)local_clock());"));
    }

    @Test
    void unsupportedConstructsAreDiagnosticsNotCrashes() {
        Ir b = new Ir();
        b.probe("begin", Ir.begin(), b.ex(new org.jstap.api.ir.IrExpr.Match(b.at(), b.s("abc"), "a(", false)));
        Diagnostics d = new Diagnostics(false, false);
        StageContext ctx = new StageContext(SessionOptions.builder().build(), d, new SourceTexts(), () -> null,
                System.out, System.err);
        StageFailedException e = assertThrows(StageFailedException.class, () -> new TranslateStage().run(b.artefact(), ctx));
        assertEquals(Pass.TRANSLATE, e.pass());
        assertEquals(Codes.TRANSLATE_FAILED, d.all().get(0).code());
    }

    @Test
    void moreHistogramShapesThanTheRuntimeKeepsIsADiagnostic() {
        Ir b = new Ir();
        java.util.List<org.jstap.api.ir.HistParams> hs = new java.util.ArrayList<>();
        for (int i = 1; i <= ModuleGenerator.MAX_HIST_SHAPES + 1; i++) {
            hs.add(new org.jstap.api.ir.HistParams(org.jstap.api.ir.HistParams.Kind.LINEAR, 0, 10 * i, 1));
        }
        b.global("x", org.jstap.api.ir.IrType.STATS, null, false, null, hs);
        b.probe("begin", Ir.begin(), b.ex(b.hist(b.gref("x", org.jstap.api.ir.IrType.STATS), hs.get(0))));
        Diagnostics d = new Diagnostics(false, false);
        StageContext ctx = new StageContext(SessionOptions.builder().build(), d, new SourceTexts(), () -> null,
                System.out, System.err);
        assertThrows(StageFailedException.class, () -> new TranslateStage().run(b.artefact(), ctx));
        assertEquals(Codes.TRANSLATE_FAILED, d.all().get(0).code());
        assertTrue(d.all().get(0).message().contains("more than 8 histogram shapes"), d.all().get(0).message());
    }

    @Test
    void printResultWritesTheC() throws Exception {
        ModuleSourceArtefact a = translate(Programs.hello());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StageContext ctx = new StageContext(SessionOptions.builder().build(), new Diagnostics(false, false),
                new SourceTexts(), () -> null, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        new TranslateStage().printResult(a, ctx);
        assertEquals(c(a), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void artefactRoundTripsThroughItsCodec() throws Exception {
        ModuleSourceArtefact a = translate(Programs.families());
        ModuleSourceArtefact back = ModuleCodecs.MODULE_SRC.read(new java.io.ByteArrayInputStream(ModuleCodecs.MODULE_SRC.toBytes(a)));
        assertEquals(a.files().keySet(), back.files().keySet());
        assertEquals(a.scriptHash(), back.scriptHash());
        assertEquals("module-src", a.header().kind());
        assertEquals(64, a.scriptHash().length());
    }

    @Test
    void registeredAsTheKmodTranslateStageWithItsBackend() {
        Registry r = Registry.discover(getClass().getClassLoader());
        assertTrue(r.stage(Pass.TRANSLATE, "kmod").orElseThrow() instanceof TranslateStage);
        assertEquals("Linux kernel module (default)", r.backend("kmod").orElseThrow().description());
        assertNotNull(r.stage(Pass.ELABORATE, "*").orElse(null), "pass 2 on the test class path");
    }
}
