package org.jstap.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestModulesTest {
    @Test
    void namesComeFromModuleFunctionPointsOnly() {
        assertEquals(List.of("nfsd", "nfs_acl"), GuestModules.named(List.of("module(\"nfsd\").function(\"nfsd_open\")",
                "kernel.function(\"vfs_read\")", "kprobe.module(\"nfs-acl\").function(\"x\").return",
                "module(\"nfsd\").function(\"nfsd_fill_super\").return", "kernel.trace(\"module:x\")")));
    }

    @Test
    void dependenciesLoadFirstDeepestFirst(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("modules.dep"), """
                kernel/fs/nfsd/nfsd.ko: kernel/fs/lockd/lockd.ko kernel/fs/nfs_common/grace.ko kernel/net/sunrpc/sunrpc.ko
                kernel/fs/lockd/lockd.ko: kernel/fs/nfs_common/grace.ko kernel/net/sunrpc/sunrpc.ko
                kernel/net/sunrpc/sunrpc.ko:
                kernel/fs/nfs_common/grace.ko:
                """);
        List<GuestModules.Module> order = GuestModules.loadOrder(dir, List.of("nfsd", "lockd", "absent"));
        assertEquals(List.of("sunrpc", "grace", "lockd", "nfsd"), order.stream().map(GuestModules.Module::name).toList());
        assertEquals(dir.resolve("kernel/fs/nfsd/nfsd.ko"), order.get(3).file());
    }
}
