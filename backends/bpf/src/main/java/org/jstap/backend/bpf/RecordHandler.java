package org.jstap.backend.bpf;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.jstap.api.ir.IrExpr;
import org.jstap.backend.interp.UserSpaceEngine;

/** Ring-buffer records (jstap_bpf.h's struct jst_rec + payload) to output, exit requests and error lines. */
final class RecordHandler implements Consumer<ByteBuffer> {
    static final int PRINT = 1, EXIT = 2, ERROR = 3, ERRORMSG = 4, WARN = 5, SWITCH = 6, TEXT = 7, SKIPPED = 8;

    private final BpfManifest manifest;
    private final List<IrExpr.Print> printNodes;
    private final PrintStream err;
    private volatile UserSpaceEngine engine;

    RecordHandler(BpfManifest manifest, List<IrExpr.Print> printNodes, PrintStream err) {
        this.manifest = manifest;
        this.printNodes = printNodes;
        this.err = err;
    }

    void engine(UserSpaceEngine e) {
        this.engine = e;
    }

    @Override
    public void accept(ByteBuffer b) {
        UserSpaceEngine e = engine;
        if (e == null || b.remaining() < 16) return;
        int kind = b.getInt(0), id = b.getInt(4);
        long a0 = b.getLong(8);
        switch (kind) {
            case PRINT -> {
                if (id < 0 || id >= manifest.prints().size()) return;
                BpfManifest.PrintSite p = manifest.prints().get(id);
                int n = p.args().size();
                long[] lv = new long[n];
                String[] sv = new String[n];
                for (int i = 0; i < n; i++) {
                    BpfManifest.Col c = p.args().get(i);
                    if (c.type().equals("long")) lv[i] = b.getLong(16 + c.offset());
                    else sv[i] = string(b, 16 + c.offset(), c.size());
                }
                String text = e.format(printNodes.get(id), lv, sv);
                if (text != null) e.write(text);
            }
            case EXIT -> e.requestExit();
            case SWITCH -> e.switchFile(); // in order with the prints before it
            case TEXT -> e.write(string(b, 16, b.limit() - 16)); // print_backtrace's lines (jstap_stacks.h)
            case ERROR -> {
                if (id < 0 || id >= manifest.errors().size()) return;
                BpfManifest.ErrorSite s = manifest.errors().get(id);
                String msg = s.message().replace("%016x", String.format("%016x", a0)).replace("%x", Long.toHexString(a0))
                        .replace("%d", Long.toString(a0));
                e.kernelError("ERROR: " + msg + " near " + s.near());
            }
            case SKIPPED -> e.kernelError("ERROR: Skipped too many probes, check MAXSKIPPED or try again with stap -t for more details.");
            case ERRORMSG -> {
                if (id < 0 || id >= manifest.errors().size()) return;
                e.kernelError("ERROR: " + string(b, 16, b.limit() - 16) + " near " + manifest.errors().get(id).near());
            }
            case WARN -> {
                String m = string(b, 16, b.limit() - 16);
                synchronized (err) {
                    err.print("WARNING: " + new String(m.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)
                            + (m.endsWith("\n") ? "" : "\n"));
                    err.flush();
                }
            }
            default -> { }
        }
    }

    private static String string(ByteBuffer b, int at, int max) {
        int e = 0;
        while (e < max && at + e < b.limit() && b.get(at + e) != 0) e++;
        byte[] s = new byte[e];
        for (int i = 0; i < e; i++) s[i] = b.get(at + i);
        return new String(s, StandardCharsets.ISO_8859_1);
    }
}
