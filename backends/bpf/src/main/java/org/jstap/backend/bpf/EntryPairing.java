package org.jstap.backend.bpf;

import java.util.List;
import java.util.Map;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrType;
import org.jstap.irtools.EntrySite;

/**
 * {@code @entry(expr)} of a return probe on bpf: a second program on the entry site ({@link EntrySite}: the kprobe,
 * uprobe or sys_enter event) evaluates the saved expressions into an LRU hash map, and the return program takes its
 * values out (and deletes them) before its body runs.
 *
 * <p>The key is (thread, stack pointer at entry). A function's entry stack pointer points at its return address,
 * and the kretprobe/uretprobe trampoline reports the stack pointer after the return popped it, 8 bytes above: so
 * nested and recursive calls each pair with their own entry, as kmod's per-instance kretprobe data. A syscall cannot
 * nest in one thread: its key is the thread alone. A return without a saved entry (the probe was attached while the
 * call was in progress) does not run, as kmod's kretprobe, which never sees such a return. An entry whose return is
 * never seen (a missed kretprobe, a thread that died) is overwritten by the next call at that depth or ages out of
 * the LRU map.
 */
final class EntryPairing {
    private final IrProbe probe;
    private final IrSite entry;
    private final boolean syscall;
    private final int maxStr;

    private EntryPairing(IrProbe probe, IrSite entry, int maxStr) {
        this.probe = probe;
        this.entry = entry;
        this.syscall = entry instanceof IrSite.Tracepoint;
        this.maxStr = maxStr;
    }

    /** The pairing of {@code p}, or null when it saves nothing; {@code what} fails it on a site with no entry. */
    static EntryPairing of(IrProbe p, int maxStr) {
        if (p.entrySaves().isEmpty()) return null;
        IrSite e = EntrySite.of(p.site());
        if (e == null) throw new BpfCWriter.Unsupported(p.span(), "@entry in probe point '" + p.point() + "'");
        return new EntryPairing(p, e, maxStr);
    }

    /** The entry program's name (the return program keeps the probe's id). */
    String program() { return probe.id() + "_entry"; }

    private String map() { return "je_" + probe.id(); }

    private String struct() { return "struct jev_" + probe.id(); }

    /** Whether the entry program runs on a syscall event (its ctx is the event record) rather than pt_regs. */
    boolean syscallEvent() { return syscall; }

    String section() { return syscall ? "tracepoint" : entry instanceof IrSite.Process ? "uprobe" : "kprobe"; }

    String param() { return syscall ? "void *ctx" : "struct pt_regs *ctx"; }

    /** How the loader attaches the entry program: beside the return program, same point for its messages. */
    BpfManifest.Attach attach(BpfManifest.Attach ret) {
        List<String> args = new java.util.ArrayList<>(ret.args());
        if (syscall) return new BpfManifest.Attach(program(), ret.point(), "tp",
                List.of("syscalls", ((IrSite.Tracepoint) entry).name().substring("syscalls:".length())), ret.optional());
        args.set(0, "0"); // uprobe / kprobe: the retprobe flag
        return new BpfManifest.Attach(program(), ret.point(), ret.kind(), args, ret.optional());
    }

    /** Bytes of one saved entry (the zero value it is inserted from must be that large). */
    int valueSize() {
        int n = 0;
        for (IrProbe.EntrySave s : probe.entrySaves()) n += s.type() == IrType.STRING ? (maxStr + 7) & ~7 : 8;
        return Math.max(8, n);
    }

    /** The saved values' struct and their map. */
    String decls(long maxEntries) {
        StringBuilder b = new StringBuilder(struct()).append(" {");
        for (IrProbe.EntrySave s : probe.entrySaves()) {
            b.append(s.type() == IrType.STRING ? " char e" + s.slot() + "[" + ((maxStr + 7) & ~7) + "];" : " s64t e" + s.slot() + ";");
        }
        if (probe.entrySaves().isEmpty()) b.append(" s64t unused;");
        b.append(" };\n");
        b.append("struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __uint(max_entries, ").append(maxEntries)
                .append("); __type(key, struct jst_ekey); __type(value, ").append(struct()).append("); } ")
                .append(map()).append(" SEC(\".maps\");\n");
        return b.toString();
    }

    private String key(boolean atReturn) {
        String sp = syscall ? "0" : atReturn ? "ctx->sp - 8" : "ctx->sp";
        return "struct jst_ekey ek = { bpf_get_current_pid_tgid(), (__u64)(" + sp + ") };";
    }

    /** In the entry program, after the hit is set up: a zeroed entry for this call, {@code je} pointing at it. */
    String saveStart() {
        return "\t" + key(false) + "\n\tif (bpf_map_update_elem(&" + map() + ", &ek, jst_zero, BPF_ANY)) goto jst_out;\n\t"
                + struct() + " *je = bpf_map_lookup_elem(&" + map() + ", &ek);\n\tif (!je) goto jst_out;\n";
    }

    /** Stores one saved value (the C expression {@code value}) into the entry. */
    String save(IrProbe.EntrySave s, String value) {
        return s.type() == IrType.STRING ? "\tjst_strcpy(je->e" + s.slot() + ", " + value + ");\n"
                : "\tje->e" + s.slot() + " = " + value + ";\n";
    }

    /** In the return program before the hit: this call's entry, else no hit at all; the numbers into locals. */
    String loadBeforeHit() {
        StringBuilder b = new StringBuilder("\t" + key(true) + "\n\t" + struct() + " *je = bpf_map_lookup_elem(&" + map()
                + ", &ek);\n\tif (!je) return 0; /* no entry seen: kmod's kretprobe would not fire either */\n");
        for (IrProbe.EntrySave s : probe.entrySaves()) {
            if (s.type() != IrType.STRING) b.append("\ts64t ev").append(s.slot()).append(" = je->e").append(s.slot()).append(";\n");
        }
        return b.toString();
    }

    /** After the hit is set up: the strings into their scratch slots ({@code strSlot}: save slot to hit slot), then the entry goes. */
    String loadAfterHit(Map<Integer, Integer> strSlot) {
        StringBuilder b = new StringBuilder();
        for (IrProbe.EntrySave s : probe.entrySaves()) {
            if (s.type() == IrType.STRING) {
                b.append("\tjst_strcpy(h->s[").append(strSlot.get(s.slot())).append("], je->e").append(s.slot()).append(");\n");
            }
        }
        return b.append("\tbpf_map_delete_elem(&").append(map()).append(", &ek);\n").toString();
    }

    /** A read of saved value {@code slot} in the return body. */
    static String ref(int slot, IrType type, Map<Integer, Integer> strSlot) {
        return type == IrType.STRING ? "h->s[" + strSlot.get(slot) + "]" : "ev" + slot;
    }
}
