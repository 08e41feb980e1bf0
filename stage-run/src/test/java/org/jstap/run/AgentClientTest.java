package org.jstap.run;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host side of the protocol against a fake agent on a UNIX socket (no VM needed). */
class AgentClientTest {
    @TempDir Path tmp;

    @Test
    void handshakeThenRunStreamsOutputAndParsesTheVerdict() throws Exception {
        Path sock = tmp.resolve("ctl.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        Thread fake = new Thread(() -> {
            try (SocketChannel c = server.accept(); InputStream in = Channels.newInputStream(c);
                 OutputStream out = Channels.newOutputStream(c)) {
                out.write("stale junk from an earlier client\n".getBytes());
                String l;
                while (!(l = line(in)).startsWith("RUN ")) {
                    if (l.startsWith("PING ")) out.write(("PONG " + l.substring(5) + " 1.50 6.1.0-test\nUNAME #1 SMP test\n").getBytes());
                }
                String[] f = l.split(" ");
                String tok = f[1];
                int n = Integer.parseInt(f[3]) + Integer.parseInt(f[4]) + Integer.parseInt(f[5]);
                in.readNBytes(n);
                StringBuilder big = new StringBuilder();
                for (int i = 0; i < 5000; i++) big.append("line ").append(i).append('\n');
                out.write(big.toString().getBytes());
                out.write(("partial\001" + tok + " END rc=3\n\001" + tok + " E oops on stderr\n\001" + tok
                        + " K [1.0] hello\n\001" + tok + " S unloaded=1 taint_before=0 taint_after=12288 oops=0 warn=0\n\001"
                        + tok + " DONE\n").getBytes());
                line(in);
            } catch (Exception e) {
                // test fails on the client side
            }
        });
        fake.start();
        try (AgentClient a = AgentClient.connect(sock, Duration.ofSeconds(5))) {
            AgentClient.Hello h = a.handshake(Duration.ofSeconds(5));
            assertEquals("6.1.0-test", h.release());
            assertEquals("#1 SMP test", h.build());
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            AgentClient.Outcome o = a.run("m", new byte[] {1, 2, 3}, "true", "", System.nanoTime() + 10_000_000_000L,
                    out, new PrintStream(err, true), () -> false);
            String s = out.toString(StandardCharsets.UTF_8);
            assertTrue(s.startsWith("line 0\nline 1\n") && s.endsWith("line 4999\npartial"), s.substring(s.length() - 30));
            assertEquals(3, o.rc());
            assertTrue(o.unloaded());
            assertEquals(12288, o.taintAfter());
            assertEquals(java.util.List.of("[1.0] hello"), o.kernelLog());
            assertEquals("oops on stderr\n", err.toString());
            a.quit();
        }
        fake.join(5000);
        server.close();
    }

    /** {@code -x PID} travels in the RUN line (8th field; 0 without -x), for the guest's loader. */
    @Test
    void runLineCarriesTheTargetPid() throws Exception {
        assertEquals("42", runLineField(42, 7));
        assertEquals("0", runLineField(null, 7));
    }

    private String runLineField(Integer pid, int field) throws Exception {
        Path sock = tmp.resolve("x" + pid + ".sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        String[] seen = new String[1];
        Thread fake = new Thread(() -> {
            try (SocketChannel c = server.accept(); InputStream in = Channels.newInputStream(c);
                 OutputStream out = Channels.newOutputStream(c)) {
                String[] f = awaitRun(in, out);
                seen[0] = String.join(" ", f);
                out.write(("\001" + f[1] + " END rc=0\n\001" + f[1] + " DONE\n").getBytes());
                line(in);
            } catch (Exception e) {
                // the client side fails
            }
        });
        fake.start();
        try (AgentClient a = AgentClient.connect(sock, Duration.ofSeconds(5))) {
            a.handshake(Duration.ofSeconds(5));
            a.run("m", new byte[] {1}, null, "", pid, System.nanoTime() + 10_000_000_000L, new ByteArrayOutputStream(),
                    new PrintStream(new ByteArrayOutputStream(), true), () -> false);
            a.quit();
        }
        fake.join(5000);
        server.close();
        return seen[0].split(" ")[field];
    }

    /** issue 11 item 10: a run whose output never pauses for 200 ms still gets its INT. */
    @Test
    void interruptReachesARunThatPrintsWithoutPause() throws Exception {
        Path sock = tmp.resolve("busy.sock");
        boolean[] sawInt = new boolean[1];
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        Thread fake = new Thread(() -> {
            try (SocketChannel c = server.accept(); InputStream in = Channels.newInputStream(c);
                 OutputStream out = Channels.newOutputStream(c)) {
                String[] f = awaitRun(in, out);
                long until = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < until) out.write("tick\n".getBytes()); // 1 s of output, no pause
                c.configureBlocking(false); // what the client sent while the output flowed
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4096);
                c.read(b);
                sawInt[0] = new String(b.array(), 0, b.position()).contains("INT\n");
                c.configureBlocking(true);
                out.write(("\001" + f[1] + " END rc=0\n\001" + f[1] + " DONE\n").getBytes());
            } catch (Exception e) {
                // the client side fails
            }
        });
        fake.start();
        try (AgentClient a = AgentClient.connect(sock, Duration.ofSeconds(5))) {
            a.handshake(Duration.ofSeconds(5));
            AgentClient.Outcome o = a.run("m", new byte[] {1}, null, "", null, System.nanoTime() + 5_000_000_000L,
                    new ByteArrayOutputStream(), new PrintStream(new ByteArrayOutputStream(), true), () -> true);
            assertEquals(0, o.rc());
            a.quit();
            assertTrue(sawInt[0], "INT was not sent while the output flowed");
        }
        fake.join(5000);
        server.close();
    }

    /** A fake agent's side up to a run: answers PINGs, reads the RUN line and its payload, returns the line's fields. */
    private static String[] awaitRun(InputStream in, OutputStream out) throws java.io.IOException {
        String l;
        while (!(l = line(in)).startsWith("RUN ")) {
            if (l.startsWith("PING ")) out.write(("PONG " + l.substring(5) + " 1.50 6.1.0-test\nUNAME #1\n").getBytes());
        }
        String[] f = l.split(" ");
        in.readNBytes(Integer.parseInt(f[3]) + Integer.parseInt(f[4]) + Integer.parseInt(f[5]));
        return f;
    }

    static String line(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') b.write(c);
        if (c < 0 && b.size() == 0) throw new java.io.EOFException();
        return b.toString();
    }
}
