package org.jstap.run;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteTargetTest {
    @Test
    void theFormsStapTakes() {
        RemoteTarget a = RemoteTarget.parse(0, "db1");
        assertEquals("db1", a.host());
        assertNull(a.user());
        assertNull(a.port());
        assertEquals("ssh://db1", a.uri());
        RemoteTarget b = RemoteTarget.parse(3, "root@127.0.0.1:2222");
        assertEquals(List.of("root", "127.0.0.1", 2222, 3), List.of(b.user(), b.host(), b.port(), b.index()));
        assertEquals("ssh://root@127.0.0.1:2222", b.uri());
        RemoteTarget c = RemoteTarget.parse(1, "ssh://ops_user@db-2.example.org:22/");
        assertEquals(List.of("ops_user", "db-2.example.org", 22), List.of(c.user(), c.host(), c.port()));
        RemoteTarget v6 = RemoteTarget.parse(2, "ssh://[::1]:2200");
        assertEquals("::1", v6.host());
        assertEquals("ssh://[::1]:2200", v6.uri());
        assertEquals("root@127.0.0.1:2222", b.name());
    }

    @Test
    void anythingSshOrAShellCouldReadAsMoreThanANameIsRefused() {
        for (String bad : List.of("", "-oProxyCommand=touch /tmp/x", "host;id", "a b", "root@-p", "h:0", "h:70000",
                "u@h:22:33", "$(id)", "h`id`", "http://h", "user@", "@h", "h\nother", "ssh://", "ho'st")) {
            assertThrows(IllegalArgumentException.class, () -> RemoteTarget.parse(0, bad), bad);
        }
    }

    @Test
    void remoteWordsAreQuotedForTheShell() {
        assertEquals("'a b'", Ssh.quote("a b"));
        assertEquals("'it'\\''s'", Ssh.quote("it's"));
        assertEquals("'/var/tmp/jstap/jstaprun-1' '-c' 'echo $HOME; rm -rf /' 'm.ko'",
                Ssh.words(List.of("/var/tmp/jstap/jstaprun-1", "-c", "echo $HOME; rm -rf /", "m.ko")));
    }

    @Test
    void sshCommandsAreArgumentVectorsWithTheHostAfterTheOptions() throws Exception {
        Ssh ssh = new Ssh(java.nio.file.Path.of("/tmp/jstap-ssh-x"));
        RemoteTarget t = RemoteTarget.parse(4, "ops@h1:2200");
        List<String> c = ssh.exec(t, "true");
        int dd = c.lastIndexOf("--");
        assertEquals(List.of("--", "h1", "true"), c.subList(dd, c.size()));
        assertTrue(c.contains("ControlPath=/tmp/jstap-ssh-x/cm-4"), c.toString());
        assertTrue(c.contains("ControlMaster=no") && c.contains("BatchMode=yes"), c.toString());
        assertTrue(c.contains("ProxyCommand=false"), "no master: fail, never connect on its own: " + c);
        assertEquals("2200", c.get(c.indexOf("-p") + 1));
        assertEquals("ops", c.get(c.indexOf("-l") + 1));
        List<String> m = ssh.master(t);
        assertTrue(m.contains("ControlMaster=yes") && m.contains("-N"), m.toString());
    }

    @Test
    void setUpParallelismComesFromTheEnvironmentOrIsTen() {
        assertEquals(10, Fleet.parallel(null));
        assertEquals(64, Fleet.parallel(" 64"));
        for (String bad : List.of("", "0", "-3", "many")) assertEquals(10, Fleet.parallel(bad), bad);
    }

    @Test
    void moduleParametersCarryTheHostsIdAndUri() {
        var o = org.jstap.api.SessionOptions.builder().moduleParams("x=1  y=2").build();
        assertEquals(List.of("_jst_remote_id=2", "_jst_remote_uri=ssh://root@h:22", "x=1", "y=2"),
                Fleet.moduleParams(RemoteTarget.parse(2, "root@h:22"), o));
    }

    @Test
    void kernelProbeOutput() {
        // one GNU build-id note (namesz 4, descsz 4, type 3, "GNU\0", deadbeef) after a note of another type
        String notes = "04000000" + "02000000" + "01000000" + "58454e00" + "abcd0000"
                + "04000000" + "04000000" + "03000000" + "474e5500" + "deadbeef";
        RemoteKernel k = RemoteKernel.parse("6.1.0-57-cloud-amd64\n#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3\nx86_64\n"
                + "ab12  /sys/kernel/btf/vmlinux\n" + notes + "\n");
        assertEquals("6.1.0-57-cloud-amd64", k.release());
        assertEquals("x86_64", k.arch());
        assertEquals("ab12", k.btfSha256());
        assertEquals("deadbeef", k.buildId());
        assertEquals("6.1.0-57-cloud-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3", k.buildKey());
        RemoteKernel noBtf = RemoteKernel.parse("5.10.0\n#1\naarch64\n-\n\n");
        assertNull(noBtf.btfSha256());
        assertNull(noBtf.buildId());
        assertNull(RemoteKernel.parse(""));
    }
}
