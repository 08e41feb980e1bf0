package org.jstap.debuginfo.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jstap.api.KernelInfo;
import org.jstap.api.spi.KernelLocator;
import org.jstap.debuginfo.btf.BzImage;

/**
 * Finds kernels installed on this machine. {@code -r RELEASE} → {@code /boot/vmlinuz-RELEASE},
 * {@code /boot/config-RELEASE}, {@code /lib/modules/RELEASE/build}; {@code -r DIR} → a kernel build tree
 * ({@code DIR/vmlinux}, {@code DIR/.config}); no {@code -r} → the running kernel if its build dir exists, else the
 * newest installed kernel that has one, else the running kernel as it is (BTF from {@code /sys/kernel/btf}).
 * The version ({@code uname -v} build string) comes from {@code /proc} for the running kernel and from the
 * bzImage header otherwise, so it is cheap (no decompression).
 */
public class LocalKernelLocator implements KernelLocator {
    private final Path root;

    public LocalKernelLocator() {
        this(Path.of("/"));
    }

    /** A locator over another file-system root (tests). */
    public LocalKernelLocator(Path root) {
        this.root = root;
    }

    private Path modules() {
        return root.resolve("lib/modules");
    }

    private Path boot() {
        return root.resolve("boot");
    }

    /** {@code uname -r} of the running kernel (from /proc under the root), or null. */
    public String runningRelease() {
        return readLine(root.resolve("proc/sys/kernel/osrelease"));
    }

    /** {@code uname -v} of the running kernel, or null. */
    public String runningVersion() {
        return readLine(root.resolve("proc/sys/kernel/version"));
    }

    @Override
    public Optional<KernelInfo> locate(String releaseOrDir) {
        try {
            if (releaseOrDir == null || releaseOrDir.isEmpty()) return locateDefault();
            Path asDir = Path.of(releaseOrDir);
            boolean isRelease = !releaseOrDir.contains("/") && (Files.isDirectory(modules().resolve(releaseOrDir))
                    || Files.isRegularFile(boot().resolve("vmlinuz-" + releaseOrDir)));
            if (!isRelease && Files.isDirectory(asDir)) return forBuildDir(asDir);
            if (releaseOrDir.contains("/")) return Optional.empty();      // a path that is not a directory
            return forRelease(releaseOrDir);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<KernelInfo> locateDefault() throws IOException {
        String running = runningRelease();
        if (running != null && Files.isDirectory(modules().resolve(running).resolve("build"))) return forRelease(running);
        List<String> installed = installedReleases();
        for (int i = installed.size() - 1; i >= 0; i--) {
            if (Files.isDirectory(modules().resolve(installed.get(i)).resolve("build"))) return forRelease(installed.get(i));
        }
        if (running != null) return Optional.of(runningAsIs(running));
        return Optional.empty();
    }

    /** Releases with a {@code /lib/modules/<rel>} or {@code /boot/vmlinuz-<rel>}, oldest first. */
    public List<String> installedReleases() throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(modules())) {
            try (Stream<Path> s = Files.list(modules())) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).forEach(out::add);
            }
        }
        if (Files.isDirectory(boot())) {
            try (Stream<Path> s = Files.list(boot())) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("vmlinuz-"))
                        .map(n -> n.substring("vmlinuz-".length())).filter(r -> !out.contains(r)).forEach(out::add);
            }
        }
        out.sort(VERSION_ORDER);
        return out;
    }

    /** Orders releases numerically where they are numbers ({@code 6.1.0-9 < 6.1.0-27 < 6.10.0}). */
    public static final Comparator<String> VERSION_ORDER = (a, b) -> {
        String[] x = a.split("[.\\-+~_]"), y = b.split("[.\\-+~_]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean nx = x[i].matches("\\d{1,18}"), ny = y[i].matches("\\d{1,18}");
            int c = nx && ny ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i])) : nx ? 1 : ny ? -1 : x[i].compareTo(y[i]);
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    };

    private Optional<KernelInfo> forRelease(String release) throws IOException {
        Path modDir = modules().resolve(release);
        Path image = boot().resolve("vmlinuz-" + release);
        boolean running = release.equals(runningRelease());
        if (!Files.isDirectory(modDir) && !Files.isRegularFile(image) && !running) return Optional.empty();
        Path build = modDir.resolve("build");
        Path buildDir = Files.isDirectory(build) ? build : null;
        Map<String, String> config = Map.of();
        Path bootConfig = boot().resolve("config-" + release);
        if (Files.isRegularFile(bootConfig)) config = KernelConfig.load(bootConfig);
        else if (buildDir != null && Files.isRegularFile(buildDir.resolve(".config"))) config = KernelConfig.load(buildDir.resolve(".config"));
        else if (running && Files.isRegularFile(root.resolve("proc/config.gz"))) config = KernelConfig.load(root.resolve("proc/config.gz"));
        String version = null;
        if (running) version = runningVersion();
        if (version == null && Files.isRegularFile(image)) version = imageVersion(image);
        if (version == null && buildDir != null) version = buildDirVersion(buildDir);
        return Optional.of(new KernelInfo(release, version == null ? "" : version, arch(config, running), config,
                buildDir, Files.isRegularFile(image) ? image : null));
    }

    private KernelInfo runningAsIs(String release) throws IOException {
        return forRelease(release).orElseThrow();          // forRelease accepts the running kernel with nothing installed
    }

    private Optional<KernelInfo> forBuildDir(Path dir) throws IOException {
        Path dotConfig = dir.resolve(".config");
        // UTS_RELEASE is what the kernel reports; Debian's headers put the upstream version in kernel.release
        String release = defineValue(dir.resolve("include/generated/utsrelease.h"), "UTS_RELEASE");
        if (release == null) release = readLine(dir.resolve("include/config/kernel.release"));
        if (release == null && !Files.isRegularFile(dotConfig) && !Files.isRegularFile(dir.resolve("vmlinux"))) return Optional.empty();
        if (release == null) release = dir.getFileName().toString();
        Map<String, String> config = Files.isRegularFile(dotConfig) ? KernelConfig.load(dotConfig) : Map.of();
        String version = buildDirVersion(dir);
        Path vmlinux = dir.resolve("vmlinux");
        Path image = Files.isRegularFile(vmlinux) ? vmlinux : null;
        if (image == null) {
            Path bz = boot().resolve("vmlinuz-" + release);
            if (Files.isRegularFile(bz)) image = bz;
        }
        if (version == null && image != null && image.getFileName().toString().startsWith("vmlinuz")) version = imageVersion(image);
        return Optional.of(new KernelInfo(release, version == null ? "" : version,
                arch(config, release.equals(runningRelease())), config, dir.toAbsolutePath(), image));
    }

    private static String arch(Map<String, String> config, boolean running) {
        String a = KernelConfig.arch(config);
        return a != null ? a : KernelConfig.archOfJvm(System.getProperty("os.arch"));
    }

    /** The build string from a bzImage header, e.g. {@code #1 SMP PREEMPT_DYNAMIC Debian 6.1.x-y (date)}. */
    static String imageVersion(Path image) {
        try {
            return BzImage.readHeader(image).headerVersion().flatMap(BzImage::buildString).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code UTS_VERSION} from a build tree's generated headers, if it has them. */
    static String buildDirVersion(Path dir) {
        String v = defineValue(dir.resolve("include/generated/utsversion.h"), "UTS_VERSION");
        return v != null ? v : defineValue(dir.resolve("include/generated/compile.h"), "UTS_VERSION");
    }

    /** The string value of {@code #define NAME "value"} in a header, or null. */
    static String defineValue(Path header, String name) {
        if (!Files.isRegularFile(header)) return null;
        String marker = name + " \"";
        try {
            for (String line : Files.readAllLines(header, StandardCharsets.ISO_8859_1)) {
                int i = line.indexOf(marker);
                if (line.startsWith("#define") && i >= 0) {
                    String v = line.substring(i + marker.length());
                    int q = v.lastIndexOf('"');
                    return q >= 0 ? v.substring(0, q) : v;
                }
            }
        } catch (IOException ignored) {
            // unreadable: no value from here
        }
        return null;
    }

    private static String readLine(Path p) {
        try {
            if (!Files.isRegularFile(p)) return null;
            String s = Files.readString(p, StandardCharsets.ISO_8859_1).trim();
            int nl = s.indexOf('\n');
            return nl >= 0 ? s.substring(0, nl) : s;
        } catch (IOException e) {
            return null;
        }
    }
}
