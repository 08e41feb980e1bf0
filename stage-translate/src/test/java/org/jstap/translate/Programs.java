package org.jstap.translate;

import static org.jstap.translate.Ir.L;
import static org.jstap.translate.Ir.S;
import static org.jstap.translate.Ir.ST;
import static org.jstap.translate.Ir.V;
import static org.jstap.translate.Ir.var;

import java.util.List;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ast.Ops.BinaryOp;
import org.jstap.api.ast.Ops.StatFn;
import org.jstap.api.ast.Ops.UnaryOp;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.HistParams;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrConst;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.TargetAccess;

/** Hand-built IR programs covering the language and every probe family. */
final class Programs {
    private Programs() {}

    /** probe begin { printf("hello world\n"); exit() } */
    static IrArtefact hello() {
        Ir b = new Ir();
        b.probe("begin", Ir.begin(), b.ex(b.printf("hello world\n")), b.ex(b.bi(Builtin.EXIT)));
        return b.artefact();
    }

    /** Globals of every kind, functions with recursion, loops, foreach, try/catch, stats, strings. */
    static IrArtefact language() {
        Ir b = new Ir();
        HistParams lin = new HistParams(HistParams.Kind.LINEAR, 0, 100, 10);
        b.global("n", L, null, false, IrConst.of(5), List.of())
                .global("name", S, null, false, IrConst.of("jstap"), List.of())
                .global("a", L, 100L, false, null, List.of(), L)
                .global("m", L, null, true, null, List.of(), S, L)
                .global("st", ST, null, false, null, List.of(HistParams.LOG, new HistParams(HistParams.Kind.LINEAR, 0, 50, 5)))
                .global("lst", ST, null, false, null, List.of(lin))
                .global("per", ST, null, false, null, List.of(HistParams.LOG), S);
        // function fib(n) { if (n < 2) return n; return fib(n-1) + fib(n-2) }
        IrExpr.LocalRef fn = b.loc("n", 0, L);
        b.function("fib", L, List.of(var("n", L, 0)), List.of(), b.block(
                b.iff(b.bin(BinaryOp.LT, fn, b.n(2)), b.ret(fn), null),
                b.ret(b.bin(BinaryOp.ADD, b.call("fib", L, b.bin(BinaryOp.SUB, fn, b.n(1))),
                        b.call("fib", L, b.bin(BinaryOp.SUB, fn, b.n(2)))))));
        // function greet:string(who:string) { return sprintf("hi %s", who) . "!" }
        IrExpr.LocalRef who = b.loc("who", 0, S);
        IrExpr.LocalRef tmp = b.loc("tmp", 1, S);
        b.function("greet", S, List.of(var("who", S, 0)), List.of(var("tmp", S, 1)), b.block(
                b.ex(b.assign(tmp, b.sprintf("hi %s", who))),
                b.ret(b.bin(BinaryOp.CONCAT, tmp, b.s("!")))));
        // function skip() { next }
        b.function("skip", V, List.of(), List.of(), b.block(b.next()));

        IrExpr.LocalRef i = b.loc("i", 0, L), k = b.loc("k", 1, L), v = b.loc("v", 2, L), s = b.loc("s", 3, S),
                msg = b.loc("msg", 4, S), ks = b.loc("ks", 5, S), x = b.loc("x", 6, L);
        List<org.jstap.api.ir.IrVar> locals = List.of(var("i", L, 0), var("k", L, 1), var("v", L, 2), var("s", S, 3),
                var("msg", S, 4), var("ks", S, 5), var("x", L, 6));
        b.probe("begin", Ir.begin(), null, locals, List.of(),
                b.ex(b.printf("fib(10)=%d %s\n", b.call("fib", L, b.n(10)), b.call("greet", S, b.gref("name", S)))),
                b.ex(b.assign(AssignOp.ADD, b.gref("n", L), b.n(3))),
                b.forr(b.assign(i, b.n(0)), b.bin(BinaryOp.LT, i, b.n(20)), b.inc(i, false), b.block(
                        b.iff(b.bin(BinaryOp.EQ, b.bin(BinaryOp.MOD, i, b.n(7)), b.n(6)), b.cont(), null),
                        b.ex(b.assign(b.get("a", L, i), b.bin(BinaryOp.MUL, i, i))),
                        b.ex(b.inc(b.get("m", L, b.s("x"), i), false)),
                        b.ex(b.assign(AssignOp.ADD, b.get("m", L, b.sprintf("k%d", i), b.n(1)), b.n(2))),
                        b.ex(b.agg(b.gref("st", ST), i)),
                        b.ex(b.agg(b.gref("lst", ST), b.bin(BinaryOp.MUL, i, b.n(5)))),
                        b.ex(b.agg(b.get("per", ST, b.bi(Builtin.EXECNAME)), i)))),
                b.whil(b.n(1), b.block(b.ex(b.inc(x, true)), b.iff(b.bin(BinaryOp.GT, x, b.n(3)), b.brk(), null))),
                b.foreach("a", List.of(k), v, null, 0, true, b.n(5), b.block(
                        b.ex(b.printf("a[%d]=%d\n", k, v)))),
                b.foreach("m", List.of(ks, k), null, List.of(b.any(), b.n(1)), 1, false, null, b.block(
                        b.ex(b.printf("m[%s,%d]=%d\n", ks, k, b.get("m", L, ks, k))))),
                b.foreach("per", List.of(ks), null, null, 0, true, null, b.block(
                        b.ex(b.printf("%s: %d %d\n", ks, b.stat(StatFn.COUNT, b.get("per", ST, ks)),
                                b.stat(StatFn.AVG, b.get("per", ST, ks)))),
                        b.ex(b.hist(b.get("per", ST, ks), HistParams.LOG)))),
                b.ex(b.printf("%d %d %d %d %d\n", b.stat(StatFn.COUNT, b.gref("st", ST)),
                        b.stat(StatFn.SUM, b.gref("st", ST)), b.stat(StatFn.MIN, b.gref("st", ST)),
                        b.stat(StatFn.MAX, b.gref("st", ST)), b.stat(StatFn.VARIANCE, b.gref("st", ST)))),
                b.ex(b.hist(b.gref("st", ST), HistParams.LOG)),
                b.ex(b.hist(b.gref("st", ST), new HistParams(HistParams.Kind.LINEAR, 0, 50, 5))),
                b.ex(b.hist(b.gref("lst", ST), new HistParams(HistParams.Kind.LINEAR, 0, 100, 10))),
                b.ex(b.printf("bucket %d\n", b.bucket(b.gref("lst", ST), new HistParams(HistParams.Kind.LINEAR, 0, 100, 10), b.n(2)))),
                b.tryCatch(b.block(b.ex(b.assign(x, b.bin(BinaryOp.DIV, b.n(1), b.n(0))))), msg,
                        b.block(b.ex(b.printf("caught: %s\n", msg)))),
                b.tryCatch(b.block(b.ex(b.bi(Builtin.ERROR, b.s("boom")))), null, b.block()),
                b.ex(b.assign(s, b.bin(BinaryOp.CONCAT, b.gref("name", S), b.s("-x")))),
                b.ex(b.assign(AssignOp.CONCAT, s, b.bi(Builtin.SUBSTR, s, b.n(1), b.n(3)))),
                b.iff(b.bin(BinaryOp.AND, b.in("a", b.n(3)), b.bin(BinaryOp.OR, b.bin(BinaryOp.NE, s, b.s("")),
                        b.call("fib", L, b.n(3)))), b.ex(b.printf("in\n")), b.ex(b.printf("out\n"))),
                b.iff(b.in("m", b.any(), b.n(1)), b.del(b.get("m", L, b.any(), b.n(1))), null),
                b.ex(b.printf("%s %d %d %d %s\n", b.tern(S, b.bin(BinaryOp.GT, b.gref("n", L), b.n(1)), s, b.s("no")),
                        b.bi(Builtin.STRLEN, s), b.bi(Builtin.STRTOL, b.s("42"), b.n(10)), b.bi(Builtin.ISINSTR, s, b.s("js")),
                        b.bi(Builtin.STR_REPLACE, s, b.s("j"), b.s("J")))),
                b.ex(b.printf("%d %d %d %d %s %d\n", b.bi(Builtin.PID), b.bi(Builtin.TID), b.bi(Builtin.UID),
                        b.bi(Builtin.CPU), b.bi(Builtin.PP), b.bi(Builtin.GETTIMEOFDAY_NS))),
                b.ex(b.printf("%d %d %d %c|%-8s|%08x|%*d\n", b.un(UnaryOp.NEG, b.gref("n", L)),
                        b.bin(BinaryOp.SHL, b.n(1), b.n(40)), b.un(UnaryOp.BITNOT, b.n(0)), b.n(65), b.s("left"),
                        b.n(48879), b.n(6), b.n(42))),
                b.ex(b.bi(Builtin.WARN, b.s("careful"))),
                b.ex(b.bi(Builtin.LOG, b.s("logged"))),
                b.ex(b.call("skip", V)),
                b.del(b.gref("a", L)),
                b.del(b.gref("st", ST)),
                b.del(b.gref("per", ST)),
                b.ex(b.bi(Builtin.EXIT)));
        b.probe("end", Ir.end(), b.ex(b.printf("n=%d\n", b.gref("n", L))));
        b.probe("error", new IrSite.Error(0), b.ex(b.printf("error probe\n")));
        return b.artefact();
    }

    /** Every kmod probe family with target variables, @entry and a condition. */
    static IrArtefact families() {
        Ir b = new Ir();
        b.global("reads", L, null, false, null, List.of(), L);
        b.global("lat", ST, null, false, null, List.of(HistParams.LOG));
        var fd = new IrSite.Param("fd", "unsigned int", 4, false, false);
        var buf = new IrSite.Param("buf", "char *", 8, false, true);
        var count = new IrSite.Param("count", "size_t", 8, false, false);
        IrSite ksysRead = new IrSite.KernelFunction("ksys_read", null, false, false, null, List.of(fd, buf, count), "ssize_t");
        IrSite ksysReadRet = new IrSite.KernelFunction("ksys_read", null, true, false, 20, List.of(fd, buf, count), "ssize_t");
        TargetAccess fdA = new TargetAccess(new TargetAccess.Source.Arg(0, "di"), List.of(), new TargetAccess.Result.Int(4, false), "unsigned int", false);
        TargetAccess countA = new TargetAccess(new TargetAccess.Source.Arg(2, "dx"), List.of(), new TargetAccess.Result.Int(8, false), "size_t", false);
        TargetAccess retA = new TargetAccess(new TargetAccess.Source.ReturnValue(), List.of(), new TargetAccess.Result.Int(8, true), "ssize_t", false);
        // $file->f_pos style chain: deref at 0x40 of arg 0, then 8 bytes signed
        TargetAccess chain = new TargetAccess(new TargetAccess.Source.Arg(0, "di"),
                List.of(new TargetAccess.Step.Deref(0x40, 8, false), new TargetAccess.Step.Deref(0x10, 8, true),
                        new TargetAccess.Step.Offset(8), new TargetAccess.Step.Deref(0, 4, false),
                        new TargetAccess.Step.Bitfield(3, 5, false)),
                new TargetAccess.Result.Int(4, false), "unsigned int", false);
        TargetAccess name = new TargetAccess(new TargetAccess.Source.Arg(1, "si"), List.of(new TargetAccess.Step.Deref(0, 8, false)),
                new TargetAccess.Result.CString(0), "char *", false);
        TargetAccess pretty = new TargetAccess(new TargetAccess.Source.Arg(0, "di"), List.of(),
                new TargetAccess.Result.Pretty(new org.jstap.api.ir.Format(List.of(
                        new org.jstap.api.ir.Format.Text("{.a="),
                        new org.jstap.api.ir.Format.Conv("", -1, -1, 'd', L, "%d"),
                        new org.jstap.api.ir.Format.Text(", .name=\""),
                        new org.jstap.api.ir.Format.Conv("", -1, -1, 's', S, "%s"),
                        new org.jstap.api.ir.Format.Text("\"}"))),
                        List.of(new TargetAccess(new TargetAccess.Source.Base(), List.of(new TargetAccess.Step.Deref(0, 4, true)),
                                        new TargetAccess.Result.Int(4, true), "int", false),
                                new TargetAccess(new TargetAccess.Source.Base(), List.of(new TargetAccess.Step.Offset(8)),
                                        new TargetAccess.Result.CString(16), "char[16]", false))),
                "struct s", false);
        b.probe("kernel.function(\"ksys_read\").call", ksysRead,
                b.bin(BinaryOp.GT, b.target("$count", countA, L), b.n(0)), List.of(), List.of(),
                b.ex(b.inc(b.get("reads", L, b.target("$fd", fdA, L)), false)),
                b.iff(b.bin(BinaryOp.EQ, b.target("$fd", fdA, L), b.n(999)), b.block(
                        b.ex(b.printf("%d %s %s %s\n", b.target("$file->f_pos", chain, L), b.target("$name", name, S),
                                b.target("$x$", pretty, S), b.bi(Builtin.PPFUNC))),
                        b.ex(b.printf("%s %d %d\n", b.bi(Builtin.KERNEL_STRING, b.target("$buf", countA, L)),
                                b.bi(Builtin.KERNEL_INT, b.n(0)), b.bi(Builtin.REGISTER, b.s("ax"))))), null));
        b.probe("kernel.function(\"ksys_read\").return", ksysReadRet, null, List.of(),
                List.of(new IrProbe.EntrySave(0, L, b.bi(Builtin.LOCAL_CLOCK_NS)),
                        new IrProbe.EntrySave(1, S, b.bi(Builtin.EXECNAME))),
                b.ex(b.agg(b.gref("lat", ST), b.bin(BinaryOp.SUB, b.bi(Builtin.LOCAL_CLOCK_NS), b.entry(0, L)))),
                b.iff(b.bin(BinaryOp.LT, b.target("$return", retA, L), b.n(-100)),
                        b.ex(b.printf("%s %d %d\n", b.entry(1, S), b.target("$return", retA, L), b.bi(Builtin.IS_RETURN))), null));
        b.probe("kprobe.function(\"do_sys_open\")", new IrSite.Kprobe("do_sys_open", null, 0, false, null),
                b.ex(b.printf("%d\n", b.bi(Builtin.REGISTER, b.s("di")))));
        b.probe("kprobe.module(\"ext4\").function(\"ext4_file_open\").return",
                new IrSite.Kprobe("ext4_file_open", "ext4", 0, true, null), b.ex(b.printf("x\n")));
        TargetAccess prev = new TargetAccess(new TargetAccess.Source.TracepointArg(1, "prev"),
                List.of(new TargetAccess.Step.Offset(0x5c0)), new TargetAccess.Result.CString(16), "char[16]", false);
        b.probe("kernel.trace(\"sched:sched_switch\")", new IrSite.Tracepoint("sched_switch", List.of(
                        new IrSite.Param("preempt", "bool", 1, false, false),
                        new IrSite.Param("prev", "struct task_struct *", 8, false, true),
                        new IrSite.Param("next", "struct task_struct *", 8, false, true),
                        new IrSite.Param("prev_state", "unsigned int", 4, false, false))),
                b.iff(b.bin(BinaryOp.EQ, b.bi(Builtin.PID), b.n(-1)), b.ex(b.printf("%s\n", b.target("$prev->comm", prev, S))), null));
        b.probe("timer.ms(100)", new IrSite.Timer(100_000_000L, 0, 0, 0), b.ex(b.printf("%d\n", b.bi(Builtin.JIFFIES))));
        b.probe("timer.jiffies(10).randomize(2)", new IrSite.Timer(0, 0, 10, 2), b.ex(b.printf("j\n")));
        b.probe("timer.s(1).randomize(100)", new IrSite.Timer(1_000_000_000L, 100_000_000L, 0, 0),
                b.ex(b.printf("%d\n", b.stat(StatFn.COUNT, b.gref("lat", ST)))));
        b.probe("timer.profile", new IrSite.Profile(), b.ex(b.printf("%d\n", b.bi(Builtin.CPU))));
        TargetAccess uarg = new TargetAccess(new TargetAccess.Source.Arg(0, "di"), List.of(new TargetAccess.Step.Deref(0, 8, false)),
                new TargetAccess.Result.CString(0), "char *", true);
        b.probe("process(\"/bin/bash\").function(\"readline\").return",
                new IrSite.Process("/bin/bash", "readline", 0, 0xd0a40, true),
                b.ex(b.printf("%s %s\n", b.bi(Builtin.USER_STRING, b.target("$return", retA, L)),
                        b.target("$prompt", uarg, S))));
        b.probe("process(\"/bin/bash\").statement(0x1234)", new IrSite.Process("/bin/bash", null, 0x1234, 0x234, false),
                b.ex(b.printf("%d\n", b.bi(Builtin.USER_INT, b.n(0)))));
        b.probe("end", Ir.end(), null, List.of(var("fd", L, 0)), List.of(), b.foreach("reads", List.of(b.loc("fd", 0, L)), null, null, 0, true, b.n(10),
                b.block(b.ex(b.printf("%d %d\n", b.loc("fd", 0, L), b.get("reads", L, b.loc("fd", 0, L)))))),
                b.ex(b.hist(b.gref("lat", ST), HistParams.LOG)));
        return b.artefact();
    }
}
