package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrCodec;
import org.junit.jupiter.api.Test;

/** ir.json round-trips: what pass 3 or the interpreter reads back equals what pass 2 produced. */
class IrCodecTest {
    static final String SCRIPT = """
            global reads, writes, bytes, last = "x"
            function fmt:string (n) { return sprintf("%d", n) }
            probe syscall.read { reads[execname()] <<< count }
            probe syscall.write { writes[execname(), pid()]++; bytes <<< count; last = argstr }
            probe kernel.function("vfs_read") { printf("%s %d %s\\n", $$parms, $file->f_pos, $file->f_path->dentry->d_name->name$) }
            probe kernel.function("vfs_read").return { printf("%d %d\\n", $return, @entry($count)) }
            probe kernel.trace("sched_switch") { printf("%s %s\\n", kernel_string($prev->comm), $next$) }
            probe timer.s(1) {
              foreach (name in reads- limit 10) printf("%-16s %8d\\n", name, @count(reads[name]))
              foreach ([n, p] in writes) printf("%s %d\\n", n, writes[n, p])
              if (@count(bytes)) print(@hist_linear(bytes, 0, 1000, 100))
              try { x = 1 / 0 } catch (e) { println(e, fmt(2)) }
              delete reads
              if (last =~ "^a") println(last)
            }
            """;

    @Test
    void roundTrips() throws Exception {
        Elab.Out o = Elab.run(SCRIPT);
        assertTrue(o.ok(), o.rendered());
        byte[] json = IrCodec.IR.toBytes(o.artefact());
        IrArtefact back = IrCodec.IR.read(new ByteArrayInputStream(json));
        assertEquals(o.artefact(), back);
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"kind\":\"ir\""), text.substring(0, 200));
        if (Boolean.getBoolean("ir.dump")) System.out.println(text);
    }
}
