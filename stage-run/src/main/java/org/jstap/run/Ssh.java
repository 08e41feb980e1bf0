package org.jstap.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenSSH command lines for {@code --remote}, always as argument vectors: one master connection per host
 * (ControlMaster, its socket in a private 0700 directory) that every later command multiplexes over. The remote
 * command is one string for the remote shell: it is built from fixed text and {@link #quote quoted} words only.
 * Every ssh runs in its own session ({@code setsid}: a Ctrl-C at the terminal is jstap's to handle, the hosts get
 * an orderly stop) and dies with jstap ({@code setpriv --pdeathsig}, where those tools exist).
 */
final class Ssh {
    private final Path controlDir;
    private final List<String> wrapper;

    Ssh(Path controlDir) {
        this.controlDir = controlDir;
        List<String> w = new ArrayList<>();
        if (VmTarget.onPath("setpriv")) w.addAll(List.of("setpriv", "--pdeathsig", "TERM", "--"));
        if (VmTarget.onPath("setsid")) w.add("setsid");
        this.wrapper = List.copyOf(w);
    }

    /** A new private directory for the control sockets. */
    static Path privateDir() throws IOException {
        return Files.createTempDirectory("jstap-ssh-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    Path controlDir() {
        return controlDir;
    }

    Path controlPath(RemoteTarget t) {
        return controlDir.resolve("cm-" + t.index());
    }

    private List<String> base(RemoteTarget t) {
        List<String> c = new ArrayList<>(wrapper);
        c.addAll(List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=5",
                "-o", "ServerAliveCountMax=3", "-o", "ControlPath=" + controlPath(t), "-o", "LogLevel=ERROR"));
        if (t.port() != null) c.addAll(List.of("-p", String.valueOf(t.port())));
        if (t.user() != null) c.addAll(List.of("-l", t.user()));
        return c;
    }

    /** The master connection, in the foreground (a child of jstap, ended by {@link #exit} or by killing it). */
    List<String> master(RemoteTarget t) {
        List<String> c = base(t);
        c.addAll(List.of("-o", "ControlMaster=yes", "-o", "ControlPersist=no", "-N", "--", t.host()));
        return c;
    }

    /** {@code ssh -O check}: exit 0 once the master is up. */
    List<String> check(RemoteTarget t) {
        List<String> c = base(t);
        c.addAll(List.of("-O", "check", "--", t.host()));
        return c;
    }

    List<String> exit(RemoteTarget t) {
        List<String> c = base(t);
        c.addAll(List.of("-O", "exit", "--", t.host()));
        return c;
    }

    /**
     * Runs {@code remoteCommand} over the master, never over a connection of its own: with no master to talk to,
     * ssh would connect directly, and the ProxyCommand that cannot connect makes that fail at once (status 255)
     * instead (a lost master is a lost host; a silent new connection per command would hide it, and cost a
     * handshake each).
     */
    List<String> exec(RemoteTarget t, String remoteCommand) {
        List<String> c = base(t);
        c.addAll(List.of("-o", "ControlMaster=no", "-o", "ProxyCommand=false", "-T", "--", t.host(), remoteCommand));
        return c;
    }

    /** One word for a POSIX shell: single-quoted, a quote inside spelt {@code '\''}. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Quoted words joined by blanks: a command line whose every word is literal. */
    static String words(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (String w : argv) {
            if (b.length() > 0) b.append(' ');
            b.append(quote(w));
        }
        return b.toString();
    }
}
