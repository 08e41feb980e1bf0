package org.jstap.debuginfo.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jstap.api.debuginfo.CType;
import org.junit.jupiter.api.Test;

class HeaderBtfTest {
    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    @Test
    void sysUnHeaderBecomesBtfWithSockaddrUn() {
        assumeTrue((onPath("gcc") || onPath("clang")) && onPath("pahole"), "needs gcc/clang and pahole");
        HeaderBtf.Result r = HeaderBtf.load(List.of("sys/un.h"));
        BtfDebugInfo di = assertInstanceOf(HeaderBtf.Result.Ok.class, r).debugInfo();
        int id = di.findType("struct sockaddr_un").orElseThrow();
        CType.Struct s = assertInstanceOf(CType.Struct.class, di.type(di.resolve(id)));
        assertEquals(110, s.size());
        CType.Member path = di.member(id, "sun_path").orElseThrow();
        assertEquals(16, path.bitOffset());
        CType.Array a = assertInstanceOf(CType.Array.class, di.type(di.resolve(path.type())));
        assertEquals(108, a.count());
        assertTrue(di.findType("sa_family_t").isPresent(), "typedefs of the header are there too");
    }

    @Test
    void missingHeaderFailsWithTheCompilersReason() {
        assumeTrue((onPath("gcc") || onPath("clang")) && onPath("pahole"), "needs gcc/clang and pahole");
        HeaderBtf.Result r = HeaderBtf.load(List.of("no/such_header_jstap.h"));
        String why = assertInstanceOf(HeaderBtf.Result.Failed.class, r).reason();
        assertTrue(why.contains("no/such_header_jstap.h"), why);
    }

    @Test
    void headerNamesCannotInjectCode() {
        HeaderBtf.Result r = HeaderBtf.load(List.of("a.h>\nint x;"));
        assertInstanceOf(HeaderBtf.Result.Failed.class, r);
    }
}
