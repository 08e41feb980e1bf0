package org.jstap.debuginfo.kernel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jstap.debuginfo.btf.Btf;
import org.jstap.debuginfo.btf.BtfDebugInfo;
import org.jstap.debuginfo.btf.Lz4LegacyTest;
import org.jstap.debuginfo.btf.TestBlobs;

/** Builds a fake file-system root with installed kernels (bzImage, config, modules, build dirs) for tests. */
final class FakeKernel {
    static final String BUILD = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.999-1 (2026-01-01)";

    private FakeKernel() {}

    /** A minimal ELF64 with the given sections (name → bytes). */
    static byte[] elf(Map<String, byte[]> sections) {
        ByteArrayOutputStream shstr = new ByteArrayOutputStream();
        shstr.write(0);
        Map<String, Integer> nameOff = new LinkedHashMap<>();
        for (String n : sections.keySet()) {
            nameOff.put(n, shstr.size());
            shstr.writeBytes(n.getBytes(StandardCharsets.US_ASCII));
            shstr.write(0);
        }
        int shstrName = shstr.size();
        shstr.writeBytes(".shstrtab".getBytes(StandardCharsets.US_ASCII));
        shstr.write(0);
        int dataSize = 0;
        for (byte[] b : sections.values()) dataSize += b.length;
        int shnum = sections.size() + 2;
        int shoff = (64 + dataSize + shstr.size() + 7) & ~7;
        ByteBuffer out = ByteBuffer.allocate(shoff + 64 * shnum).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        out.putShort(0x10, (short) 1).putShort(0x12, (short) 62).putInt(0x14, 1).putLong(0x28, shoff)
                .putShort(0x34, (short) 64).putShort(0x3a, (short) 64).putShort(0x3c, (short) shnum)
                .putShort(0x3e, (short) (shnum - 1));
        int pos = 64, idx = 1;
        for (Map.Entry<String, byte[]> e : sections.entrySet()) {
            out.put(pos, e.getValue());
            section(out, shoff + 64 * idx++, nameOff.get(e.getKey()), 1, pos, e.getValue().length);
            pos += e.getValue().length;
        }
        out.put(pos, shstr.toByteArray());
        section(out, shoff + 64 * idx, shstrName, 3, pos, shstr.size());
        return out.array();
    }

    private static void section(ByteBuffer b, int at, int name, int type, long off, long size) {
        b.putInt(at, name).putInt(at + 4, type).putLong(at + 0x18, off).putLong(at + 0x20, size).putLong(at + 0x30, 1);
    }

    /** A bzImage-like file: boot header with version string, LZ4 legacy payload holding {@code vmlinux}. */
    static byte[] bzImage(String release, byte[] vmlinux) {
        byte[] payload = Lz4LegacyTest.literalStream(vmlinux, 4 << 20, true);
        int setupSects = 3, pm = (setupSects + 1) * 512, payloadOff = 0x100;
        ByteBuffer b = ByteBuffer.allocate(pm + payloadOff + payload.length + 512).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x1f1, (byte) setupSects);
        b.put(0x202, "HdrS".getBytes(StandardCharsets.US_ASCII));
        b.putShort(0x20e, (short) 0x200);
        b.put(0x400, (release + " (debian-kernel@lists.debian.org) " + BUILD + "\0").getBytes(StandardCharsets.US_ASCII));
        b.putInt(0x248, payloadOff).putInt(0x24c, payload.length);
        b.put(pm + payloadOff, payload);
        return b.array();
    }

    static byte[] vmlinuxElf(String release) {
        String banner = "Linux version " + release + " (debian-kernel@lists.debian.org) (gcc-12) " + BUILD + "\n\0";
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put(".rodata", banner.getBytes(StandardCharsets.US_ASCII));
        s.put(".BTF", TestBlobs.kernelBytes());
        return elf(s);
    }

    /** Installs a kernel: /boot/vmlinuz-REL, /boot/config-REL, /lib/modules/REL/{build/,modules.dep,kernel/...}. */
    static void install(Path root, String release, boolean withBuild, boolean withModule) throws IOException {
        Path boot = Files.createDirectories(root.resolve("boot"));
        Files.write(boot.resolve("vmlinuz-" + release), bzImage(release, vmlinuxElf(release)));
        Files.writeString(boot.resolve("config-" + release),
                "#\n# comment\nCONFIG_X86_64=y\nCONFIG_MODULES=y\nCONFIG_LOCALVERSION=\"-cloud\"\n# CONFIG_FOO is not set\nCONFIG_HZ=250\n");
        Path mod = Files.createDirectories(root.resolve("lib/modules").resolve(release));
        if (withBuild) Files.createDirectories(mod.resolve("build"));
        if (withModule) {
            Path ko = Files.createDirectories(mod.resolve("kernel/drivers/fake")).resolve("fake-mod.ko");
            Map<String, byte[]> s = new LinkedHashMap<>();
            s.put(".modinfo", "license=GPL\0name=fake_mod\0".getBytes(StandardCharsets.US_ASCII));
            s.put(".BTF", splitBtf(TestBlobs.kernel()));
            Files.write(ko, elf(s));
            Files.writeString(mod.resolve("modules.dep"), "kernel/drivers/other/other.ko:\nkernel/drivers/fake/fake-mod.ko: kernel/drivers/other/other.ko\n");
        }
    }

    static void running(Path root, String release, String version) throws IOException {
        Path k = Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(k.resolve("osrelease"), release + "\n");
        Files.writeString(k.resolve("version"), version + "\n");
    }

    /**
     * Split BTF for a module: {@code struct fake_dev { int id; struct file *file; }} and
     * {@code int fake_probe(struct fake_dev *dev, int flags)}, referring to the kernel's {@code int} and
     * {@code struct file}.
     */
    static byte[] splitBtf(BtfDebugInfo kernel) {
        int base = kernel.btf().nextId();
        int strBase = kernel.btf().totalStrLen();
        int intId = kernel.findType("int").getAsInt();
        int fileId = kernel.findType("struct file").getAsInt();
        ByteArrayOutputStream str = new ByteArrayOutputStream();
        str.write(0);
        Map<String, Integer> so = new LinkedHashMap<>();
        for (String s : new String[] {"fake_dev", "id", "file", "fake_probe", "dev", "flags"}) {
            so.put(s, strBase + str.size());
            str.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            str.write(0);
        }
        ByteBuffer t = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        int devId = base, filePtr = base + 1, proto = base + 2, devPtr = base + 3;
        t.putInt(so.get("fake_dev")).putInt(Btf.KIND_STRUCT << 24 | 2).putInt(16);
        t.putInt(so.get("id")).putInt(intId).putInt(0);
        t.putInt(so.get("file")).putInt(filePtr).putInt(64);
        t.putInt(0).putInt(Btf.KIND_PTR << 24).putInt(fileId);
        t.putInt(0).putInt(Btf.KIND_FUNC_PROTO << 24 | 2).putInt(intId);
        t.putInt(so.get("dev")).putInt(devPtr);
        t.putInt(so.get("flags")).putInt(intId);
        t.putInt(0).putInt(Btf.KIND_PTR << 24).putInt(devId);
        t.putInt(so.get("fake_probe")).putInt(Btf.KIND_FUNC << 24 | 1).putInt(proto);
        int typeLen = t.position();
        ByteBuffer out = ByteBuffer.allocate(24 + typeLen + str.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) Btf.MAGIC).put((byte) 1).put((byte) 0).putInt(24).putInt(0).putInt(typeLen).putInt(typeLen).putInt(str.size());
        out.put(t.array(), 0, typeLen).put(str.toByteArray());
        return out.array();
    }
}
