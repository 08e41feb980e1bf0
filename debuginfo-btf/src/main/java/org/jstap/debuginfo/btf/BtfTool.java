package org.jstap.debuginfo.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Developer tool (not part of the jstap CLI) for making and inspecting BTF fixtures:
 * <pre>
 *   extract VMLINUZ|VMLINUX|MODULE.ko OUT.btf           the .BTF section (vmlinuz is decompressed first)
 *   subset IN.btf OUT.btf DEPTH [--tracepoints] NAME... functions (or "struct x" types) and what they reach
 *   info IN.btf                                          counts and load time
 *   bench IN.btf|VMLINUZ                                 cold and warm load times
 *   vmlinux-h IN.btf|VMLINUZ OUT.h [ROOT...]             C declarations for BPF CO-RE (all, or ROOTs' subset)
 * </pre>
 */
public final class BtfTool {
    private BtfTool() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: BtfTool extract IN OUT | subset IN OUT DEPTH [--tracepoints] NAME... | info IN");
            System.exit(2);
        }
        switch (args[0]) {
            case "extract" -> Files.write(Path.of(args[2]), extract(Path.of(args[1])));
            case "subset" -> {
                BtfDebugInfo di = BtfDebugInfo.load(Files.readAllBytes(Path.of(args[1])), "kernel");
                BtfSubsetWriter w = new BtfSubsetWriter(di.btf()).pointerDepth(Integer.parseInt(args[3]));
                for (String n : Arrays.copyOfRange(args, 4, args.length)) {
                    if (n.equals("--tracepoints")) w.keepTracepoints();
                    else if (n.contains(" ")) w.keepType(di.findType(n).orElseThrow(() -> new IOException("no type " + n)));
                    else if (!w.keepFunction(n)) throw new IOException("no function " + n);
                }
                byte[] out = w.write();
                Files.write(Path.of(args[2]), out);
                System.out.println(w.size() + " types, " + out.length + " bytes");
            }
            case "info" -> {
                long t0 = System.nanoTime();
                BtfDebugInfo di = BtfDebugInfo.load(Files.readAllBytes(Path.of(args[1])), "kernel");
                int funcs = di.functionNames().size();
                long t1 = System.nanoTime();
                System.out.printf("%d types, %d functions, %d tracepoints, loaded and indexed in %d ms%n",
                        di.btf().localCount(), funcs, di.tracepointNames().size(), (t1 - t0) / 1_000_000);
            }
            case "bench" -> bench(Path.of(args[1]));
            case "vmlinux-h" -> {
                byte[] data = Files.readAllBytes(Path.of(args[1]));
                if (!Arrays.equals(Arrays.copyOf(data, 2), new byte[] {(byte) 0x9f, (byte) 0xeb})) data = extract(Path.of(args[1]));
                BtfDebugInfo di = BtfDebugInfo.load(data, "kernel");
                long t0 = System.nanoTime();
                String h = di.cHeader(Arrays.asList(Arrays.copyOfRange(args, 3, args.length))).orElseThrow();
                long t1 = System.nanoTime();
                Files.writeString(Path.of(args[2]), h);
                System.out.printf("%d lines in %.1f ms%n", h.lines().count(), (t1 - t0) / 1e6);
            }
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }

    private static void bench(Path file) throws IOException {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 5; round++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            byte[] data = Files.readAllBytes(file);
            if (!Arrays.equals(Arrays.copyOf(data, 2), new byte[] {(byte) 0x9f, (byte) 0xeb})) data = extract(file);
            long t1 = System.nanoTime();
            BtfDebugInfo di = BtfDebugInfo.load(data, "kernel");
            long t2 = System.nanoTime();
            int n = di.functionNames().size();
            long t3 = System.nanoTime();
            di.function("ksys_read").orElseThrow();
            di.findType("struct task_struct").orElseThrow();
            long t4 = System.nanoTime();
            long c4 = mx.getCurrentThreadCpuTime();
            System.out.printf("round %d: read/extract %.1f ms, parse %.1f ms, function index (%d) %.1f ms, first lookups %.1f ms, total %.1f ms wall, %.1f ms cpu%n",
                    round, (t1 - t0) / 1e6, (t2 - t1) / 1e6, n, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t4 - t0) / 1e6, (c4 - c0) / 1e6);
        }
    }

    /** The {@code .BTF} bytes of a bzImage, an ELF vmlinux or a module. */
    public static byte[] extract(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        if (!ElfFile.isElf64(ByteBuffer.wrap(data))) data = BzImage.of(data).vmlinux();
        return ElfFile.parse(ByteBuffer.wrap(data)).sectionBytes(".BTF").orElseThrow(() -> new IOException(file + " has no .BTF section"));
    }
}
