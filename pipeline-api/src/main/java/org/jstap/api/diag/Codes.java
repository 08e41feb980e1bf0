package org.jstap.api.diag;

/**
 * The stable diagnostic codes. A code never changes meaning once released; tests and corpora key on them
 * ({@code // ERROR: parse.expected.token}). Stages may only report codes listed here, so the catalogue is
 * the one place a user or tool can look them up.
 */
public final class Codes {
    private Codes() {}

    // ---- pass 1: lexing and parsing
    /** A token other than the one the grammar needs here ("expected ')', found '{'"). */
    public static final String PARSE_EXPECTED_TOKEN = "parse.expected.token";
    /**
     * An operand is missing where the grammar needs an expression: after a binary operator ({@code x = (1 + )}),
     * after {@code =} ({@code x = ;}), an empty argument or index ({@code f(1,)}, {@code a[1,]}).
     */
    public static final String PARSE_EXPECTED_EXPRESSION = "parse.expected.expression";
    /** The file ended inside a construct. */
    public static final String PARSE_UNEXPECTED_EOF = "parse.unexpected.eof";
    /** A character that starts no token. */
    public static final String PARSE_BAD_CHAR = "parse.bad.char";
    public static final String PARSE_UNTERMINATED_STRING = "parse.unterminated.string";
    public static final String PARSE_UNTERMINATED_COMMENT = "parse.unterminated.comment";
    /** {@code %{} without {@code %}}. */
    public static final String PARSE_UNTERMINATED_EMBEDDED = "parse.unterminated.embedded";
    /** Malformed or out-of-range integer literal ({@code 09}, {@code 0x}, beyond 64 bits). */
    public static final String PARSE_BAD_NUMBER = "parse.bad.number";
    /** Unknown escape sequence in a string literal. */
    public static final String PARSE_BAD_ESCAPE = "parse.bad.escape";
    /** A keyword where a name is needed ({@code global if}). */
    public static final String PARSE_RESERVED_WORD = "parse.reserved.word";
    /** Assignment, {@code ++}/{@code --} or {@code <<<} applied to something that is not a variable. */
    public static final String PARSE_EXPECTED_LVALUE = "parse.expected.lvalue";
    /** A malformed probe point ({@code kernel.}, {@code timer.ms(}, bad component argument). */
    public static final String PARSE_BAD_PROBE_POINT = "parse.bad.probe.point";
    /** More than one {@code +}/{@code -} sort marker in a foreach. */
    public static final String PARSE_MULTIPLE_SORT = "parse.foreach.multiple.sort";
    /** An {@code @}-operator that does not exist ({@code @avgg(x)}), or a wrong number of its arguments. */
    public static final String PARSE_BAD_AT_OPERATOR = "parse.bad.at.operator";
    /** A global initialiser that is not a literal. */
    public static final String PARSE_BAD_GLOBAL_INIT = "parse.bad.global.init";
    /** An unknown type name after {@code :} in a function signature. */
    public static final String PARSE_BAD_TYPE = "parse.bad.type";
    /** A user script with nothing in it, or nothing left after preprocessing (stap refuses those too). */
    public static final String PARSE_EMPTY_SCRIPT = "parse.empty.script";
    /**
     * A printf/sprintf conversion with more than one of {@code - + space #}, or one after a {@code 0}
     * ({@code %- 5d}, {@code %0-8x}): stap's parser takes at most one of them, then only {@code 0}s.
     */
    public static final String PARSE_BAD_FORMAT_FLAGS = "parse.bad.format.flags";

    // ---- pass 1: preprocessor
    /** {@code %(} without its {@code %)}. */
    public static final String PREPROC_UNTERMINATED = "preproc.unterminated.conditional";
    /** {@code %?}, {@code %:} or {@code %)} outside a conditional. */
    public static final String PREPROC_STRAY = "preproc.stray.token";
    /** A conditional's condition that is not {@code name op value} or a boolean of them. */
    public static final String PREPROC_BAD_CONDITION = "preproc.bad.condition";
    /** {@code @name} with no macro of that name. */
    public static final String PREPROC_UNKNOWN_MACRO = "preproc.unknown.macro";
    /** A macro called with the wrong number of arguments. */
    public static final String PREPROC_MACRO_ARITY = "preproc.macro.arity";
    /** A macro that expands itself. */
    public static final String PREPROC_RECURSIVE_MACRO = "preproc.recursive.macro";
    /** A malformed {@code @define}. */
    public static final String PREPROC_BAD_DEFINE = "preproc.bad.define";
    /** {@code $3} or {@code @3} with fewer script arguments. */
    public static final String PREPROC_MISSING_ARGUMENT = "preproc.missing.argument";
    /** A macro use whose expansion runs past the preprocessor's budget (a macro that doubles itself, say). */
    public static final String PREPROC_EXPANSION_LIMIT = "preproc.expansion.limit";

    // ---- pass 2: elaboration (semantic analysis)
    public static final String SEM_UNRESOLVED_FUNCTION = "sem.unresolved.function";
    public static final String SEM_UNRESOLVED_PROBE = "sem.unresolved.probe";
    public static final String SEM_UNRESOLVED_VARIABLE = "sem.unresolved.variable";
    public static final String SEM_UNKNOWN_TARGET_VAR = "sem.unknown.target.var";
    public static final String SEM_ARITY = "sem.wrong.arity";
    public static final String SEM_TYPE_MISMATCH = "sem.type.mismatch";
    public static final String SEM_ARRAY_AS_SCALAR = "sem.array.as.scalar";
    public static final String SEM_SCALAR_AS_ARRAY = "sem.scalar.as.array";
    public static final String SEM_INDEX_ARITY = "sem.index.arity";
    public static final String SEM_FOREACH_NOT_ARRAY = "sem.foreach.not.array";
    public static final String SEM_EMBEDDED_NEEDS_GURU = "sem.embedded.needs.guru";
    public static final String SEM_TARGET_WRITE_NEEDS_GURU = "sem.target.write.needs.guru";
    public static final String SEM_DUPLICATE = "sem.duplicate.declaration";
    public static final String SEM_BAD_FORMAT = "sem.bad.format";
    public static final String SEM_STATS_MISUSE = "sem.stats.misuse";
    public static final String SEM_CONTEXT_VAR = "sem.target.var.context";
    public static final String SEM_ENTRY_NOT_RETURN = "sem.entry.not.return";
    public static final String SEM_BREAK_OUTSIDE_LOOP = "sem.break.outside.loop";
    public static final String SEM_RETURN_OUTSIDE_FUNCTION = "sem.return.outside.function";
    public static final String SEM_BAD_REGEX = "sem.bad.regex";
    public static final String SEM_BACKEND_UNSUPPORTED = "sem.backend.unsupported";
    public static final String SEM_NOT_LVALUE = "sem.not.lvalue";
    public static final String SEM_PRIVATE_ACCESS = "sem.private.access";
    /** A tapset function stap implements over DWARF jstap does not read (the Python interpreters', the JVM's). */
    public static final String SEM_NEEDS_DWARF = "sem.needs.dwarf";
    public static final String SEM_BAD_PROBE_ARG = "sem.bad.probe.argument";
    /** Nothing left to run after resolution and elision ("no probes found"). */
    public static final String SEM_NO_PROBES = "sem.no.probes";
    /** A variable or function whose type nothing in the program determines. */
    public static final String SEM_UNRESOLVED_TYPE = "sem.unresolved.type";
    /**
     * An index or {@code ->} applied to a value whose type nothing tells ({@code a[1][2]}, {@code f(x)->field}):
     * only target variables and {@code @cast} values can be dereferenced.
     */
    public static final String SEM_UNTYPED_DEREF = "sem.untyped.dereference";
    /** Alias expansion that refers back to itself. */
    public static final String SEM_RECURSIVE_ALIAS = "sem.recursive.alias";
    /** {@code @hist_linear} parameters that are not literals or describe no buckets. */
    public static final String SEM_BAD_HISTOGRAM = "sem.bad.histogram";
    /** {@code @perf("NAME")} of a counter no {@code perf....counter("NAME")} probe defines (or not a literal name). */
    public static final String SEM_PERF_COUNTER = "sem.perf.counter";
    /** {@code @perf} outside a process probe (stap 4.8 reads counters only in uprobes, in the counted task). */
    public static final String SEM_PERF_CONTEXT = "sem.perf.context";
    public static final String WARN_EMPTY_PROBE = "warn.empty.probe";
    public static final String WARN_UNUSED_VARIABLE = "warn.unused.variable";
    /** {@code --skip-badvars}: a {@code $variable} that cannot be resolved here is read as 0 (stap: the same warning). */
    public static final String WARN_BADVAR_SKIPPED = "warn.badvar.skipped";
    /** A {@code -d FILE} (or an {@code --ldd} library) whose ELF symbols cannot be read: its frames stay addresses. */
    public static final String WARN_NO_SYMBOLS = "warn.no.symbols";
    /** Under {@code -v}: an optional ({@code ?}/{@code !}) probe point skipped because it cannot be resolved, and why. */
    public static final String WARN_OPTIONAL_SKIPPED = "warn.optional.skipped";

    // ---- passes 3-5 and the driver
    /**
     * The headers of a {@code @cast(p, "T", "<h.h>")} do not compile (a missing header) or do not declare the type
     * (stap: "unresolved type"); the message names the header(s) and the compiler's first error.
     */
    public static final String SEM_CAST_HEADER = "sem.cast.header";
    public static final String TRANSLATE_FAILED = "translate.failed";
    /**
     * Something a backend refuses by design at pass 3, not "not yet" (bpf: mdelay/udelay, panic, printk, kernel
     * memory and argument writes); the message names the function, the backend and why, the hint what runs it.
     */
    public static final String TRANSLATE_BACKEND_REFUSED = "translate.backend.refused";
    /** bpf: a kernel probe's foreach body modifies the array it iterates (stap 4.8 refuses it at pass 2). */
    public static final String TRANSLATE_BPF_FOREACH_MODIFIED = "translate.bpf.foreach.modified";
    /**
     * A {@code =~} regex whose DFA has more states than a kernel-side matcher allows, or (bpf, with {@code matched()})
     * whose capture-group program passes the walker's limits: the message names the limit.
     */
    public static final String TRANSLATE_REGEX_TOO_COMPLEX = "translate.regex.too.complex";
    /**
     * A target variable ({@code @cast(...)->f}, {@code $var}) in a body bpf runs in user space (begin, end, error,
     * timer, or a function they call): user space cannot read kernel memory; kernel probes can.
     */
    public static final String TRANSLATE_BPF_USER_MEMORY = "translate.bpf.user.memory";
    public static final String BUILD_FAILED = "build.failed";
    public static final String BUILD_NO_KERNEL = "build.no.kernel";
    public static final String RUN_FAILED = "run.failed";
    public static final String RUN_KERNEL_MISMATCH = "run.kernel.mismatch";
    public static final String DRIVER_USAGE = "driver.usage";
    public static final String DRIVER_IO = "driver.io";
    /**
     * A {@code -D} option that is not {@code NAME} or {@code NAME=VALUE} of stap's safe shape (its value reaches
     * make's shell): the message names the refused character.
     */
    public static final String DRIVER_BAD_DEFINE = "driver.bad.define";
    /**
     * An option value of the wrong shape ({@code -G x}, {@code -T 0}, {@code -S a}, {@code --vp 9a},
     * {@code --modinfo foo}, {@code --privilege=root}, {@code --compatible=9.9}): the message gives the accepted form.
     */
    public static final String DRIVER_BAD_OPTION = "driver.bad.option";
    /**
     * A stap option this backend, run target or kernel cannot honour (-F on interp, -a for another architecture,
     * -q's coverage database): the message says which part and why; a warning when the run goes on without it.
     */
    public static final String DRIVER_OPTION_UNSUPPORTED = "driver.option.unsupported";
    /**
     * A {@code -G VAR=VALUE} whose value does not fit the global: not a number for a numeric one, longer than
     * MAXSTRINGLEN for a string (stap: the module refuses to load, "Invalid parameters").
     */
    public static final String RUN_BAD_GLOBAL_SETTING = "run.bad.global.setting";
    public static final String ARTEFACT_INVALID = "artefact.invalid";
    public static final String INTERNAL = "internal.error";
    /**
     * {@code .return} on a function pattern that also matches inlined copies: they have no return to probe and are
     * left out (stap 4.8: "cannot probe .return of N inlined functions").
     */
    public static final String WARN_INLINE_RETURN = "warn.inline.return";
    /**
     * {@code @variance(s, N)} with N outside 0..62, or two different shifts on one statistic ({@code @variance(s)}
     * counts as 0): stap 4.8's "bit shift (N) out of range <0..62>" / "conflicting bit shifts declared".
     */
    public static final String SEM_BAD_BIT_SHIFT = "sem.bad.bit.shift";
    /**
     * A local variable (or parameter) used as a statistic ({@code x <<< 1}, {@code @count(x)} with no global x):
     * stap 4.8 has no statistics in locals ("stat locals not supported, missing global declaration?").
     */
    public static final String SEM_STATS_LOCAL = "sem.stats.local";
    /**
     * {@code @kregister(N)} / {@code @uregister(N)} (guru mode): a register number outside x86-64's DWARF 0..15, or
     * the operator itself, which jstap does not translate yet (the message names the equivalent register() call).
     */
    public static final String SEM_REGISTER_OPERATOR = "sem.register.operator";
}
