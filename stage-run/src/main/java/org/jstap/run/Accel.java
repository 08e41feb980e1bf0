package org.jstap.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * KVM only where the CPU advertises vmx/svm and {@code /dev/kvm} opens; otherwise TCG. (On our build machines KVM
 * is a nested layer without vmx in cpuinfo, and guests crash under it.) {@code JSTAP_VM_ACCEL=tcg|kvm} overrides.
 */
final class Accel {
    private Accel() {}

    static String choose() {
        String forced = System.getenv("JSTAP_VM_ACCEL");
        if (forced != null && (forced.equals("tcg") || forced.equals("kvm"))) return forced;
        return kvmUsable() ? "kvm" : "tcg";
    }

    static boolean kvmUsable() {
        try {
            String cpu = Files.readString(Paths.get("/proc/cpuinfo"));
            if (!cpu.matches("(?s).*\\bflags\\s*:.*\\b(vmx|svm)\\b.*")) return false;
            Path kvm = Paths.get("/dev/kvm");
            if (!Files.exists(kvm)) return false;
            try (RandomAccessFile f = new RandomAccessFile(kvm.toFile(), "rw")) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static List<String> qemuArgs(String accel) {
        return accel.equals("kvm") ? List.of("-accel", "kvm", "-cpu", "host") : List.of("-accel", "tcg", "-cpu", "max");
    }
}
