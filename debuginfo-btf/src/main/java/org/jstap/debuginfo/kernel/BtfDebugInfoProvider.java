package org.jstap.debuginfo.kernel;

import com.google.inject.Singleton;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jstap.api.KernelInfo;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.debuginfo.DebugInfoProvider;
import org.jstap.api.debuginfo.HeaderTypes;
import org.jstap.debuginfo.btf.BtfDebugInfo;
import org.jstap.debuginfo.btf.BzImage;
import org.jstap.debuginfo.btf.ElfFile;
import org.jstap.debuginfo.btf.HeaderBtf;

/**
 * BTF for a kernel and its modules. Kernel sources, first that applies: an ELF {@code vmlinux} image (a build dir);
 * {@code /sys/kernel/btf/vmlinux} when the kernel is the running one; the cached or freshly extracted {@code .BTF}
 * of {@code /boot/vmlinuz-<rel>}; {@code <buildDir>/vmlinux}. Modules: the {@code .BTF} of
 * {@code /lib/modules/<rel>/.../<name>.ko} or {@code .ko.xz} (found through {@code modules.dep}), split against the
 * kernel's.
 * Loaded debug info is kept per kernel build for the life of the provider.
 */
@Singleton
public class BtfDebugInfoProvider implements DebugInfoProvider {
    private final LocalKernelLocator locator;
    private final BtfCache cache;
    private final Path root;
    private final Map<String, Optional<BtfDebugInfo>> kernels = new ConcurrentHashMap<>();
    private final Map<String, Optional<BtfDebugInfo>> modules = new ConcurrentHashMap<>();
    private final Map<String, String> problems = new ConcurrentHashMap<>();

    public BtfDebugInfoProvider() {
        this(Path.of("/"), BtfCache.defaultCache());
    }

    /** A provider over another file-system root and cache directory (tests). */
    public BtfDebugInfoProvider(Path root, BtfCache cache) {
        this.root = root;
        this.cache = cache;
        this.locator = new LocalKernelLocator(root);
    }

    @Override
    public String name() {
        return "btf";
    }

    private static String key(KernelInfo k) {
        return k.release() + "|" + k.version() + "|" + k.image();
    }

    /** Why the last lookup for this kernel (or module, {@code kernel:module}) found nothing, if it did not. */
    @Override
    public Optional<String> problem(KernelInfo kernel, String module) {
        return Optional.ofNullable(problems.get(key(kernel) + (module == null ? "" : ":" + module)));
    }

    @Override
    public Optional<DebugInfo> kernel(KernelInfo kernel) {
        return kernelBtf(kernel).map(d -> d);
    }

    /** As loading it would give, but from the cache entry's recorded SHA-256 when the image's BTF is cached. */
    @Override
    public Optional<String> kernelHash(KernelInfo kernel) {
        Optional<BtfDebugInfo> loaded = kernels.get(key(kernel));
        if (loaded != null) return loaded.map(BtfDebugInfo::hash);
        try { // the branch loadKernel takes for a compressed image that is not the running kernel's
            Path image = kernel.image();
            if (image != null && Files.isRegularFile(image) && !isElf(image)
                    && !(isRunning(kernel) && Files.isReadable(root.resolve("sys/kernel/btf/vmlinux")))) {
                Optional<String> h = cache.knownSha256(BtfCache.key(kernel.release(), image));
                if (h.isPresent()) return h;
            }
        } catch (IOException | RuntimeException e) {
            // loading says what is wrong
        }
        return kernel(kernel).map(d -> d.hash());
    }

    /** The kernel's BTF with its concrete type (extra queries: members, globs, raw BTF). */
    public Optional<BtfDebugInfo> kernelBtf(KernelInfo kernel) {
        return kernels.computeIfAbsent(key(kernel), k -> withHeaders(loadKernel(kernel, k), kernel));
    }

    /** Tracepoint argument names BTF lacks come from the kernel's headers package, when it is installed. */
    private Optional<BtfDebugInfo> withHeaders(Optional<BtfDebugInfo> di, KernelInfo kernel) {
        di.ifPresent(d -> TraceEventHeaders.of(kernel.buildDir()).ifPresent(h -> d.traceEventSource(h::event)));
        di.ifPresent(d -> d.headerCache(cache.dir().resolveSibling("vmlinux-h")));   // written vmlinux.h files, per BTF hash
        return di;
    }

    private Optional<BtfDebugInfo> loadKernel(KernelInfo k, String key) {
        try {
            Path image = k.image();
            if (image != null && Files.isRegularFile(image) && isElf(image)) return Optional.of(fromElf(image));
            Path sys = root.resolve("sys/kernel/btf/vmlinux");
            if (isRunning(k) && Files.isReadable(sys)) return Optional.of(BtfDebugInfo.load(Files.readAllBytes(sys), "kernel"));
            if (image != null && Files.isRegularFile(image)) return Optional.of(fromImage(k.release(), image));
            if (k.buildDir() != null && Files.isRegularFile(k.buildDir().resolve("vmlinux")))
                return Optional.of(fromElf(k.buildDir().resolve("vmlinux")));
            problems.put(key, "no BTF source for kernel " + k.release() + ": no /boot/vmlinuz-" + k.release()
                    + ", no vmlinux in its build dir, and it is not the running kernel");
        } catch (IOException | RuntimeException e) {
            problems.put(key, "cannot read BTF of kernel " + k.release() + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    private boolean isRunning(KernelInfo k) {
        if (!k.release().equals(locator.runningRelease())) return false;
        String v = locator.runningVersion();
        return k.version().isEmpty() || v == null || v.equals(k.version());
    }

    private static boolean isElf(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            byte[] h = in.readNBytes(5);
            return ElfFile.isElf64(ByteBuffer.wrap(java.util.Arrays.copyOf(h, 64)));
        }
    }

    private static BtfDebugInfo fromElf(Path vmlinux) throws IOException {
        byte[] btf = ElfFile.open(vmlinux).sectionBytes(".BTF").orElseThrow(() -> new IOException(vmlinux + " has no .BTF section"));
        return BtfDebugInfo.load(btf, "kernel");
    }

    /** BTF of a compressed image, through the cache. */
    BtfDebugInfo fromImage(String release, Path image) throws IOException {
        String key = BtfCache.key(release, image);
        Optional<BtfCache.Entry> hit = cache.get(key);
        if (hit.isPresent()) return BtfDebugInfo.load(hit.get().btf(), "kernel", hit.get().sha256());
        byte[] vmlinux = BzImage.read(image).vmlinux();
        byte[] btf = ElfFile.parse(ByteBuffer.wrap(vmlinux)).sectionBytes(".BTF")
                .orElseThrow(() -> new IOException(image + ": the kernel has no BTF (CONFIG_DEBUG_INFO_BTF)"));
        String banner = BzImage.banner(vmlinux).orElse("");
        BtfCache.Entry e = cache.put(key, btf, banner, image);
        return BtfDebugInfo.load(btf, "kernel", e.sha256());
    }

    @Override
    public Optional<DebugInfo> module(KernelInfo kernel, String module) {
        return moduleBtf(kernel, module).map(d -> d);
    }

    public Optional<BtfDebugInfo> moduleBtf(KernelInfo kernel, String module) {
        String name = module.replace('-', '_');
        String key = key(kernel) + ":" + name;
        return modules.computeIfAbsent(key, k -> withHeaders(loadModule(kernel, name, k), kernel));
    }

    private Optional<BtfDebugInfo> loadModule(KernelInfo kernel, String name, String key) {
        Optional<BtfDebugInfo> base = kernelBtf(kernel);
        if (base.isEmpty()) {
            problems.put(key, problem(kernel, null).orElse("no kernel BTF for " + kernel.release()));
            return Optional.empty();
        }
        try {
            Optional<Path> ko = findModule(kernel.release(), name);
            if (ko.isEmpty()) {
                Path sys = root.resolve("sys/kernel/btf").resolve(name);
                if (isRunning(kernel) && Files.isReadable(sys))
                    return Optional.of(BtfDebugInfo.loadSplit(Files.readAllBytes(sys), base.get(), name));
                problems.put(key, isBuiltin(kernel.release(), name)
                        ? "module " + name + " is built into kernel " + kernel.release() + " (its functions are kernel functions)"
                        : "module " + name + " not found under /lib/modules/" + kernel.release());
                return Optional.empty();
            }
            Path file = ko.get();
            String fn = file.getFileName().toString();
            ElfFile elf;
            if (fn.endsWith(".ko")) {
                elf = ElfFile.open(file);
            } else if (fn.endsWith(".ko.xz")) {
                try (var in = new org.tukaani.xz.XZInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                    elf = ElfFile.parse(ByteBuffer.wrap(in.readAllBytes()));
                }
            } else {
                problems.put(key, file + ": this module compression is not supported (only .ko and .ko.xz)");
                return Optional.empty();
            }
            Optional<byte[]> btf = elf.sectionBytes(".BTF");
            if (btf.isEmpty()) {
                problems.put(key, file + " has no .BTF section");
                return Optional.empty();
            }
            BtfDebugInfo m = BtfDebugInfo.loadSplit(btf.get(), base.get(), name);
            m.btf().validate();                                 // small, and a mismatched base shows up here
            return Optional.of(m);
        } catch (IOException | RuntimeException e) {
            problems.put(key, "cannot read BTF of module " + name + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The module file for a name ({@code -} and {@code _} are equivalent), via {@code modules.dep}, else a walk. */
    public Optional<Path> findModule(String release, String name) throws IOException {
        Path dir = root.resolve("lib/modules").resolve(release);
        if (!Files.isDirectory(dir)) return Optional.empty();
        String want = name.replace('-', '_');
        Path dep = dir.resolve("modules.dep");
        if (Files.isRegularFile(dep)) {
            for (String line : Files.readAllLines(dep, StandardCharsets.ISO_8859_1)) {
                int colon = line.indexOf(':');
                if (colon < 0) continue;
                String rel = line.substring(0, colon);
                if (moduleName(rel).equals(want)) {
                    Path p = rel.startsWith("/") ? root.resolve(rel.substring(1)) : dir.resolve(rel);
                    if (Files.isRegularFile(p)) return Optional.of(p);
                }
            }
        }
        try (Stream<Path> s = Files.walk(dir.resolve("kernel"))) {
            return s.filter(p -> moduleName(p.getFileName().toString()).equals(want) && Files.isRegularFile(p)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True if {@code modules.builtin} lists the module. */
    public boolean isBuiltin(String release, String name) {
        Path list = root.resolve("lib/modules").resolve(release).resolve("modules.builtin");
        if (!Files.isRegularFile(list)) return false;
        String want = name.replace('-', '_');
        try (Stream<String> lines = Files.lines(list, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(l -> moduleName(l.trim()).equals(want));
        } catch (IOException e) {
            return false;
        }
    }

    private static String moduleName(String path) {
        String f = path.substring(path.lastIndexOf('/') + 1);
        int i = f.indexOf(".ko");
        return (i >= 0 ? f.substring(0, i) : f).replace('-', '_');
    }

    /** User-space headers' types: compiled to DWARF and turned into BTF ({@link HeaderBtf}). */
    @Override
    public Optional<HeaderTypes> headers(List<String> headers) {
        HeaderBtf.Result r = HeaderBtf.load(headers);
        return Optional.of(r instanceof HeaderBtf.Result.Ok ok ? new HeaderTypes.Found(ok.debugInfo())
                : new HeaderTypes.Failed(((HeaderBtf.Result.Failed) r).reason()));
    }

    @Override
    public Optional<HeaderTypes> programTypes(java.nio.file.Path dwarfFile) {
        HeaderBtf.Result r = org.jstap.debuginfo.btf.ProgramBtf.load(dwarfFile);
        return Optional.of(r instanceof HeaderBtf.Result.Ok ok ? new HeaderTypes.Found(ok.debugInfo())
                : new HeaderTypes.Failed(((HeaderBtf.Result.Failed) r).reason()));
    }

    private final Map<String, Map<String, String>> moduleTracepoints = new ConcurrentHashMap<>();

    /**
     * Tracepoints defined in the kernel's loadable modules: name to module (see {@link ModuleTracepoints}), scanned
     * once per release for the life of the provider; empty when the modules are not installed.
     */
    @Override
    public Map<String, String> moduleTracepoints(KernelInfo kernel) {
        return moduleTracepoints.computeIfAbsent(kernel.release(), rel -> {
            try {
                return ModuleTracepoints.scan(root.resolve("lib/modules").resolve(rel));
            } catch (IOException | RuntimeException e) {
                return Map.of();
            }
        });
    }

    @Override
    public List<String> moduleNames(KernelInfo kernel) {
        try {
            return moduleNames(kernel.release());
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Installed module names of a kernel (from {@code modules.dep}), for suggestions and wildcards. */
    public List<String> moduleNames(String release) throws IOException {
        Path dep = root.resolve("lib/modules").resolve(release).resolve("modules.dep");
        if (!Files.isRegularFile(dep)) return List.of();
        try (Stream<String> lines = Files.lines(dep, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.indexOf(':') > 0).map(l -> moduleName(l.substring(0, l.indexOf(':'))))
                    .sorted().distinct().toList();
        }
    }
}
