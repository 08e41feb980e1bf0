package org.jstap.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * State directories of private (one-run) VMs: {@code $TMPDIR/jstap-vm-PID-XXXX}, PID being the client's. A client
 * killed with SIGKILL runs no cleanup; its QEMU dies with it (parent-death signal, {@link VmInstance#start}), and
 * the next private VM removes the directories of clients that are gone, ending a QEMU still running in one
 * (a system without setpriv), so nothing of a killed client lasts beyond the next run.
 */
final class PrivateVms {
    static final String PREFIX = "jstap-vm-";
    private final Path root;

    PrivateVms(Path root) {
        this.root = root;
    }

    static PrivateVms standard() {
        return new PrivateVms(Paths.get(System.getProperty("java.io.tmpdir")));
    }

    /** A new directory for this process's private VM, after cleaning those of dead clients. */
    Path create() throws IOException {
        cleanStale();
        return Files.createTempDirectory(root, PREFIX + ProcessHandle.current().pid() + "-");
    }

    /** Removes {@code jstap-vm-PID-*} (ours only) whose client is gone, killing its QEMU first; returns how many. */
    int cleanStale() {
        int n = 0;
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.toList()) {
                long pid = clientPid(d.getFileName().toString());
                if (pid < 0 || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS) || !ours(d)) continue;
                VmInstance vm = new VmInstance(d);
                // only a QEMU of this directory (a recycled pid may be anyone's, even the shared VM's)
                if (vm.process().flatMap(p -> p.info().commandLine()).map(c -> c.contains(d.toString())).orElse(false)) {
                    vm.kill();
                }
                VmTarget.deleteTree(d);
                n++;
            }
        } catch (IOException e) {
            // nothing to clean
        }
        return n;
    }

    /** The client pid in {@code jstap-vm-PID-XXXX}, or -1 for any other name. */
    static long clientPid(String name) {
        if (!name.startsWith(PREFIX)) return -1;
        String[] parts = name.substring(PREFIX.length()).split("-", 2);
        if (parts.length < 2 || parts[0].isEmpty()) return -1;
        try {
            return Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean ours(Path d) throws IOException {
        Path probe = Files.createTempFile("jstap-owner", "");
        try {
            return Files.getOwner(probe).equals(Files.getOwner(d, LinkOption.NOFOLLOW_LINKS));
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
