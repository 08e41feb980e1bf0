package org.jstap.irtools;

import java.util.List;
import org.jstap.api.ir.IrSite;

/**
 * The entry counterpart of a return site: where {@code @entry(expr)} of a {@code .return} probe is evaluated.
 * A kretprobe's, uretprobe's entry is the same function's call; a syscall exit event's
 * ({@code syscalls:sys_exit_NAME}, what the tapset's {@code syscall.NAME.return} is on bpf) is the matching
 * {@code syscalls:sys_enter_NAME} (its {@code args} unknown here: entry values there may not read the event's fields).
 * Pass 2 allows {@code @entry} exactly where this answers; a backend pairs the two hits.
 */
public final class EntrySite {
    private static final String EXIT = "syscalls:sys_exit_", ENTER = "syscalls:sys_enter_";

    private EntrySite() {}

    /** The site whose hit saves the entry values of return site {@code s}, or null when {@code s} has none. */
    public static IrSite of(IrSite s) {
        if (s instanceof IrSite.KernelFunction k && k.isReturn()) {
            return new IrSite.KernelFunction(k.function(), k.module(), false, k.inline(), k.maxActive(), k.params(), k.returnType());
        }
        if (s instanceof IrSite.Kprobe k && k.isReturn()) {
            return new IrSite.Kprobe(k.symbol(), k.module(), k.offset(), false, k.maxActive());
        }
        if (s instanceof IrSite.Process p && p.isReturn()) {
            return new IrSite.Process(p.path(), p.symbol(), p.address(), p.offset(), false, p.semaphore(), p.pid());
        }
        if (s instanceof IrSite.Tracepoint t && t.name().startsWith(EXIT) && t.name().length() > EXIT.length()) {
            return new IrSite.Tracepoint(ENTER + t.name().substring(EXIT.length()), List.of());
        }
        return null;
    }
}
