package org.jstap.api.ir;

import java.util.List;

/**
 * Functions every backend implements natively. A call to one is an {@link IrExpr.CallBuiltin}; everything else
 * callable is a script function in the IR (tapset functions written in script over these). {@code context}
 * builtins read the probe's context (task, registers, probe point) and are unavailable in {@code begin/end}
 * only where noted by the backend at run time.
 */
public enum Builtin {
    // ---- probe context
    EXECNAME("execname", IrType.STRING),
    PID("pid", IrType.LONG),
    TID("tid", IrType.LONG),
    PPID("ppid", IrType.LONG),
    UID("uid", IrType.LONG),
    GID("gid", IrType.LONG),
    EUID("euid", IrType.LONG),
    EGID("egid", IrType.LONG),
    CPU("cpu", IrType.LONG),
    /** The derived probe's point text as {@code -p2} prints it ({@link IrProbe#point()}). */
    PP("pp", IrType.STRING),
    /** The probed function's name, "" where there is none ({@link IrProbe#function()}). */
    PPFUNC("ppfunc", IrType.STRING),
    /** The user's point as written, before expansion ({@link IrProbe#pn()}). */
    PN("pn", IrType.STRING),
    /** The kind of probe stap's runtime names ({@link ProbeType#of}: "kprobe", "hrtimer", "begin_end", ...). */
    PROBE_TYPE("probe_type", IrType.STRING),
    PROBEFUNC("probefunc", IrType.STRING),
    /** {@code -x PID} or the {@code -c} command's pid, else 0. */
    TARGET("target", IrType.LONG),
    IS_RETURN("is_return", IrType.LONG),
    /** A named register of the probe's {@code pt_regs} ({@code "ax"}, {@code "di"}...); 0 without registers. */
    REGISTER("register", IrType.LONG, IrType.STRING),
    /**
     * {@code @kregister(N)}: the kernel register of x86-64 DWARF number N (0..15) in the probe's {@code pt_regs};
     * stap's "register access fault" where the probe has no kernel registers (begin/end, timers, uprobes). The
     * second argument is the enclosing function's name, at its name's span: what that error names (stap's
     * "near identifier 'F'"); the backends read only the first.
     */
    KREGISTER_N("__jst_kregister", IrType.LONG, IrType.LONG, IrType.STRING),
    /**
     * {@code @uregister(N)}: the user-space register of DWARF number N where the probe interrupted user space
     * (a uprobe, a timer.profile tick in a user task); the "register access fault" elsewhere, kernel probes too.
     * Arguments as {@link #KREGISTER_N}.
     */
    UREGISTER_N("__jst_uregister", IrType.LONG, IrType.LONG, IrType.STRING),
    /**
     * The running kernel's address of symbol S (a string constant, {@code "_stext"}) plus N: where a link-time
     * kernel address (a static variable's {@code DW_OP_addr}) is after KASLR moved the kernel at boot. Found when
     * the session starts (kmod: kallsyms; bpf: a {@code __ksym} libbpf resolves at load), never from pass 2's
     * machine.
     */
    KERNEL_ADDRESS("__jst_kaddr", IrType.LONG, IrType.STRING, IrType.LONG),
    /** The current task_struct's address (kmod: {@code current}; interp: 0). */
    TASK_CURRENT("task_current", IrType.LONG),
    /**
     * {@code @perf("NAME")}: the current value of the perf counter {@code perf....counter("NAME")} (kmod: the
     * current task's counter for a {@code .process} counter, this CPU's otherwise; 0 where the task has none).
     * Pass 2 admits it in process probes only, as stap 4.8, and only for a defined counter.
     */
    PERF_READ("__jst_perf_read", IrType.LONG, IrType.STRING),
    // ---- time
    GETTIMEOFDAY_NS("gettimeofday_ns", IrType.LONG),
    JIFFIES("jiffies", IrType.LONG),
    /** The CPU's cycle counter (kmod: get_cycles(); interp: System.nanoTime()). */
    GET_CYCLES("get_cycles", IrType.LONG),
    /** Monotonic clock in ns (local_clock / System.nanoTime). */
    LOCAL_CLOCK_NS("local_clock_ns", IrType.LONG),
    // ---- memory (non-faulting; a fault is stap's runtime error, e.g. "kernel int copy fault at 0x0 [man error::fault]";
    // user_int and user_long answer 0 on a fault, as stap's do)
    KERNEL_STRING("kernel_string", IrType.STRING, IrType.LONG),
    KERNEL_STRING_N("kernel_string_n", IrType.STRING, IrType.LONG, IrType.LONG),
    USER_STRING("user_string", IrType.STRING, IrType.LONG),
    USER_STRING_N("user_string_n", IrType.STRING, IrType.LONG, IrType.LONG),
    KERNEL_LONG("kernel_long", IrType.LONG, IrType.LONG),
    KERNEL_INT("kernel_int", IrType.LONG, IrType.LONG),
    KERNEL_SHORT("kernel_short", IrType.LONG, IrType.LONG),
    KERNEL_CHAR("kernel_char", IrType.LONG, IrType.LONG),
    USER_LONG("user_long", IrType.LONG, IrType.LONG),
    USER_INT("user_int", IrType.LONG, IrType.LONG),
    /**
     * {@code __jst_read(addr, bytes, signed, user)}: the tapset's one typed memory reader (1, 2, 4 or 8 bytes,
     * sign- or zero-extended; kernel memory, or the current process's when {@code user} is non-zero). A bad address
     * is stap's error {@code read fault [man error::fault] at 0x...}; the user_* / atomic_* tapset functions wrap it.
     */
    READ_MEM("__jst_read", IrType.LONG, IrType.LONG, IrType.LONG, IrType.LONG, IrType.LONG),
    // ---- control
    /** Request the end of the run after this probe (end probes run). */
    EXIT("exit", IrType.VOID),
    /** Runtime error with this message: runs error probes, then ends like stap. */
    ERROR("error", IrType.VOID, IrType.STRING),
    /** {@code WARNING: msg} on stderr, run continues. */
    WARN("warn", IrType.VOID, IrType.STRING),
    /** msg and a newline on the output stream, unbuffered. */
    LOG("log", IrType.VOID, IrType.STRING),
    // ---- strings
    STRLEN("strlen", IrType.LONG, IrType.STRING),
    /** {@code substr(s, start, length)}, 0-based start; out-of-range parts are clipped, never an error. */
    SUBSTR("substr", IrType.STRING, IrType.STRING, IrType.LONG, IrType.LONG),
    ISINSTR("isinstr", IrType.LONG, IrType.STRING, IrType.STRING),
    /** {@code strtol(s, base)}: like C strtol, 0 on no digits. */
    STRTOL("strtol", IrType.LONG, IrType.STRING, IrType.LONG),
    STR_REPLACE("str_replace", IrType.STRING, IrType.STRING, IrType.STRING, IrType.STRING),
    /** Escapes non-printables like C ({@code \n}, {@code \ooo}). */
    TEXT_STR("text_str", IrType.STRING, IrType.STRING),
    /** {@code tokenize(s, delims)}; {@code s == ""} continues the previous string (per-context state). */
    TOKENIZE("tokenize", IrType.STRING, IrType.STRING, IrType.STRING),
    /** Character code at index, 0 when out of range. */
    STRINGAT("stringat", IrType.LONG, IrType.STRING, IrType.LONG),
    /** After {@code =~}: the whole match (0) or group N, "" when none. */
    MATCHED("matched", IrType.STRING, IrType.LONG),
    // ---- numbers
    /** Uniform in {@code [0, n)}. */
    RANDINT("randint", IrType.LONG, IrType.LONG),
    // ---- session and clocks (fn-script)
    /** The kernel's timer frequency (kmod: HZ; interp: the -D/limits HZ jiffies() counts at). */
    HZ("HZ", IrType.LONG),
    /** Monotonic ns since boot (kmod: ktime_get_ns(); interp: System.nanoTime()). */
    KTIME_GET_NS("ktime_get_ns", IrType.LONG),
    /** The user's time zone when the run started, in seconds west of UTC, as the loader reported it. */
    TZ_GMTOFF("tz_gmtoff", IrType.LONG),
    /** The user's time zone abbreviation ("UTC", "CET") when the run started. */
    TZ_NAME("tz_name", IrType.STRING),
    /** The pid of the process that runs the session (kmod: the loader; interp: the JVM). */
    STP_PID("stp_pid", IrType.LONG),
    // ---- IEEE-754 binary64 on bit patterns in longs (the fp_* tapset; kmod: runtime-c jst_fp.c, interp: Java double)
    FP_ADD("fp_add", IrType.LONG, IrType.LONG, IrType.LONG),
    FP_SUB("fp_sub", IrType.LONG, IrType.LONG, IrType.LONG),
    FP_MUL("fp_mul", IrType.LONG, IrType.LONG, IrType.LONG),
    FP_DIV("fp_div", IrType.LONG, IrType.LONG, IrType.LONG),
    /** IEEE remainder (the quotient rounded to nearest, ties to even). */
    FP_REM("fp_rem", IrType.LONG, IrType.LONG, IrType.LONG),
    FP_SQRT("fp_sqrt", IrType.LONG, IrType.LONG),
    LONG_TO_FP("long_to_fp", IrType.LONG, IrType.LONG),
    /** {@code fp_to_long(fp, roundingMode, exact)}: 0 nearest-even, 1 toward 0, 2 down, 3 up, 4 nearest-away. */
    FP_TO_LONG("fp_to_long", IrType.LONG, IrType.LONG, IrType.LONG, IrType.LONG),
    // ---- session side effects (issue 12)
    /**
     * {@code abort()}: as stap 4.8, {@code exit()} plus leaving the handler at once, from any function depth and
     * through try/catch (not catchable, not an error): end probes still run, exit status 0.
     */
    ABORT("abort", IrType.VOID),
    /**
     * {@code __jst_system(cmd)} (the tapset's {@code system}): the loader runs {@code /bin/sh -c cmd} in user space
     * after the output printed so far, asynchronously, never waited for (as stap's stapio); its output goes to the
     * loader's own stdout/stderr, not to {@code -o}.
     */
    SYSTEM("__jst_system", IrType.VOID, IrType.STRING),
    /**
     * {@code __jst_switch_file()} (the tapset's {@code switch_file}): the output printed so far goes out, then the
     * loader moves on to the next {@code -o} file (stap's {@code F.1}, {@code F.2} ...; {@code ScriptOutput});
     * without {@code -o} nothing happens.
     */
    SWITCH_FILE("__jst_switch_file", IrType.VOID);

    public final String scriptName;
    public final IrType returnType;
    public final List<IrType> params;

    /** stap 4.8's message where @kregister/@uregister find no such registers (measured). */
    public static final String REGISTER_FAULT = "register access fault [man error::fault]";

    /** x86-64 DWARF register numbers 0..15 as {@code pt_regs} field names: what {@link #KREGISTER_N} reads. */
    public static final List<String> X86_64_DWARF_REGISTERS = List.of("ax", "dx", "cx", "bx", "si", "di", "bp", "sp",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");

    Builtin(String scriptName, IrType returnType, IrType... params) {
        this.scriptName = scriptName;
        this.returnType = returnType;
        this.params = List.of(params);
    }

    /** The builtin with this script name and arity, or null. */
    public static Builtin lookup(String name, int arity) {
        for (Builtin b : values()) if (b.scriptName.equals(name) && b.params.size() == arity) return b;
        return null;
    }

    public static boolean isBuiltinName(String name) {
        for (Builtin b : values()) if (b.scriptName.equals(name)) return true;
        return false;
    }
}
