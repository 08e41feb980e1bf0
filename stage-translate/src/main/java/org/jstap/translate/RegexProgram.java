package org.jstap.translate;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.jstap.irtools.regex.PikeProgram;
import org.jstap.irtools.regex.PikeProgram.Insn;

/**
 * {@code =~} with submatches on kmod, for scripts that call {@code matched()}: ir-tools' {@link PikeProgram} (the
 * regex's Pike-VM program, shared with the bpf backend) emitted as a const C table for runtime-c's VM
 * ({@code jst_regex.c}). {@link #run} is the program's reference VM (what the C computes), for tests.
 */
final class RegexProgram {
    final PikeProgram prog;
    final List<Insn> insns;
    final List<BitSet> sets;
    final List<int[]> loops;
    final List<Integer> base;
    final int groups;
    final int nslots;
    final int states;

    private RegexProgram(PikeProgram p) {
        this.prog = p;
        this.insns = p.insns;
        this.sets = p.sets;
        this.loops = p.loops;
        this.base = p.base;
        this.groups = p.groups;
        this.nslots = p.nslots;
        this.states = p.states;
    }

    static RegexProgram compile(String regex) {
        return new RegexProgram(PikeProgram.compile(regex));
    }

    int[] run(String subject) {
        return prog.run(subject);
    }

    // ------------------------------------------------------------------ C

    /** The program as a const {@code struct jst_re_prog} named {@code name} (runtime-c jst_regex.h). */
    String emitC(String regex, String name) {
        int prefilter = prog.prefilter();
        StringBuilder b = new StringBuilder();
        b.append("/* =~ ").append(CNames.str(regex).replace("*/", "*\\/")).append(" with submatches: ").append(insns.size())
                .append(" instructions, ").append(groups).append(" groups, ").append(nslots).append(" slots */\n");
        b.append("static const uint8_t ").append(name).append("_sets[").append(Math.max(1, sets.size())).append("][32] = {\n");
        for (BitSet set : sets) {
            b.append("\t{");
            for (int k = 0; k < 32; k++) {
                int v = 0;
                for (int bit = 0; bit < 8; bit++) if (set.get(k * 8 + bit)) v |= 1 << bit;
                b.append(k == 0 ? " " : ", ").append("0x").append(Integer.toHexString(v));
            }
            b.append(" },\n");
        }
        if (sets.isEmpty()) b.append("\t{ 0 },\n");
        b.append("};\n");
        List<Integer> flat = new ArrayList<>();
        int[] at = new int[insns.size()];
        for (int k = 0; k < insns.size(); k++) {
            at[k] = flat.size();
            for (int h : loops.get(k)) flat.add(h);
        }
        b.append("static const uint8_t ").append(name).append("_loops[").append(Math.max(1, flat.size())).append("] = {");
        for (int k = 0; k < flat.size(); k++) b.append(k == 0 ? " " : ", ").append(flat.get(k));
        b.append(flat.isEmpty() ? " 0 };\n" : " };\n");
        b.append("static const struct jst_re_insn ").append(name).append("_insns[").append(insns.size()).append("] = {\n");
        for (int k = 0; k < insns.size(); k++) {
            Insn in = insns.get(k);
            b.append("\t{ JST_RE_").append(in.op()).append(", ").append(loops.get(k).length).append(", ").append(in.x())
                    .append(", ").append(in.y()).append(", ").append(base.get(k)).append(", ").append(at[k]).append(" },\t/* ")
                    .append(k).append(" */\n");
        }
        b.append("};\n");
        b.append("static const struct jst_re_prog ").append(name).append(" = { .insns = ").append(name)
                .append("_insns, .sets = ").append(name).append("_sets, .loopslots = ").append(name).append("_loops, .len = ")
                .append(insns.size()).append(", .nstates = ").append(states).append(", .nslots = ").append(nslots)
                .append(", .ngroups = ").append(groups).append(", .prefilter = ").append(prefilter).append(", .anchored = ").append(prog.anchored() ? 1 : 0)
                .append(" };\n");
        return b.toString();
    }
}
