package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ir.IrProgram;
import org.jstap.irtools.IrEdit;

/**
 * {@code ustack-tables}: the user-space stack functions (tapset {@code ucontext.stp}) symbolise from ELF tables
 * the module carries; when they are used, this pass appends those tables ({@link UserSymbolTables}) to the embeds
 * (for the bpf backend in its flat form, which it places before jstap_ustacks.h).
 */
final class UstackTablesPass extends TailPass {
    UstackTablesPass() {
        super("ustack-tables", "append the ELF symbol tables user-space stack functions need", false, false);
    }

    @Override
    public IrProgram run(IrProgram program, TailContext c) {
        if (program.embeds().stream().noneMatch(x -> x.contains("#define JST_USTACK"))) return program;
        var ctx = c.ctx();
        var files = UserSymbolTables.files(program.probes(), ctx.options(), ctx.diagnostics());
        // the bpf backend keeps them in its read-only data (flat arrays), kmod as C structures
        String tables = "bpf".equals(ctx.options().runtime()) ? UserSymbolTables.emitBpf(files, ctx.diagnostics())
                : UserSymbolTables.emit(files, ctx.diagnostics());
        if (tables.isEmpty()) return program;
        List<String> embeds = new ArrayList<>(program.embeds());
        embeds.add(tables);
        return IrEdit.withEmbeds(program, embeds);
    }
}
