package org.jstap.run;

import java.util.HexFormat;

/**
 * What a {@code --remote} host runs: {@code uname -r}, {@code uname -v}, {@code uname -m}, the SHA-256 of its
 * {@code /sys/kernel/btf/vmlinux} (null without BTF) and its GNU build id (from {@code /sys/kernel/notes}; null if
 * unreadable). Modules are built once per distinct {@link #buildKey()}.
 */
public record RemoteKernel(String release, String build, String arch, String btfSha256, String buildId) {
    /** The fixed command that prints the five facts, one a line (no user data in it). */
    static final String PROBE = "uname -r; uname -v; uname -m; "
            + "if [ -r /sys/kernel/btf/vmlinux ]; then sha256sum /sys/kernel/btf/vmlinux; else echo -; fi; "
            + "od -An -v -tx1 /sys/kernel/notes 2>/dev/null | tr -d ' \\n'; echo";

    /** Parses the probe's output; null if it is not five lines with a release. */
    static RemoteKernel parse(String out) {
        String[] l = out.split("\n", -1);
        if (l.length < 4 || l[0].isBlank()) return null;
        String btf = l[3].strip();
        btf = btf.equals("-") || btf.isEmpty() ? null : btf.split("\\s+")[0];
        String notes = l.length > 4 ? l[4].strip() : "";
        return new RemoteKernel(l[0].strip(), l[1].strip(), l[2].strip(), btf, buildId(notes));
    }

    /** kmod modules are per kernel build: release and {@code uname -v}. */
    public String buildKey() {
        return release + " " + build;
    }

    /** The GNU build id note (type 3, name "GNU") in a dump of ELF notes, as hex; null if there is none. */
    static String buildId(String hexNotes) {
        byte[] b;
        try {
            b = HexFormat.of().parseHex(hexNotes);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int i = 0;
        while (i + 12 <= b.length) {
            int namesz = le32(b, i), descsz = le32(b, i + 4), type = le32(b, i + 8);
            int name = i + 12, desc = name + align4(namesz), next = desc + align4(descsz);
            if (namesz < 0 || descsz < 0 || next > b.length || next <= i) return null;
            if (type == 3 && namesz == 4 && b[name] == 'G' && b[name + 1] == 'N' && b[name + 2] == 'U') {
                return HexFormat.of().formatHex(b, desc, desc + descsz);
            }
            i = next;
        }
        return null;
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }
}
