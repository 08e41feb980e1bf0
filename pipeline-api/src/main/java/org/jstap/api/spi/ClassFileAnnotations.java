package org.jstap.api.spi;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run-time visible annotations of a class's fields and constructors, read from its class file: the elements written in the
 * source (not the defaults), string and string-array values as {@code String} and {@code List<String>}, any other
 * value as {@link #OTHER}. Reflection would parse them into proxies, generating a proxy class per annotation type
 * and loading the annotation's declaring class (picocli's 300 KB {@code CommandLine}), none of which the class-data
 * archive keeps.
 */
public final class ClassFileAnnotations {
    /** A value that is neither a string nor an array of strings. */
    public static final Object OTHER = new Object();

    /** One annotation: its type descriptor (e.g. {@code Lpicocli/CommandLine$Option;}) and explicit elements. */
    public record Annotation(String type, Map<String, Object> elements) {}

    /** Annotations by field name and by constructor descriptor (e.g. {@code (Ljava/util/Set;)V}). */
    public record Of(Map<String, List<Annotation>> fields, Map<String, List<Annotation>> constructors) {}

    private ClassFileAnnotations() {}

    /** The annotations of {@code c}'s fields and constructors. */
    public static Of of(Class<?> c) throws IOException {
        byte[] bytes = classBytes(c);
        return read(new DataInputStream(new java.io.ByteArrayInputStream(bytes)), new Pool(bytes));
    }

    /**
     * The class file of {@code c}: straight from the jar or directory its code source names (a class loader's
     * resource lookup walks every jar of the class path and builds a {@code jar:} URL and connection per class:
     * about half of reading a class at start-up), else through {@link Class#getResourceAsStream}.
     */
    static byte[] classBytes(Class<?> c) throws IOException {
        String entry = c.getName().replace('.', '/') + ".class";
        try {
            var src = c.getProtectionDomain().getCodeSource();
            java.net.URL at = src == null ? null : src.getLocation();
            if (at != null && "file".equals(at.getProtocol())) {
                java.nio.file.Path p = java.nio.file.Path.of(at.toURI());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Path f = p.resolve(entry);
                    if (java.nio.file.Files.isRegularFile(f)) return java.nio.file.Files.readAllBytes(f);
                } else if (java.nio.file.Files.isRegularFile(p)) {
                    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(p.toFile())) {
                        java.util.zip.ZipEntry e = z.getEntry(entry);
                        if (e != null) {
                            try (InputStream in = z.getInputStream(e)) {
                                return in.readAllBytes();
                            }
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            // the class loader's way below
        }
        try (InputStream in = c.getResourceAsStream(entry.substring(entry.lastIndexOf('/') + 1))) {
            if (in == null) throw new IOException("no class file for " + c.getName());
            return in.readAllBytes();
        }
    }

    /**
     * The UTF-8 entries of a constant pool, decoded when first asked for: a class file has hundreds, the
     * annotations name a dozen.
     */
    private static final class Pool {
        private final byte[] bytes;
        private int[] utf8At;       // offset of each CONSTANT_Utf8's length field, 0 for other entries
        private String[] decoded;

        Pool(byte[] bytes) {
            this.bytes = bytes;
        }

        void index(int count, int[] offsets) {
            this.utf8At = offsets;
            this.decoded = new String[count];
        }

        /** Entry {@code i} as a string, or null when it is not a CONSTANT_Utf8. */
        String get(int i) throws IOException {
            if (i <= 0 || i >= decoded.length || utf8At[i] == 0) return null;
            String s = decoded[i];
            if (s != null) return s;
            int at = utf8At[i];
            int len = ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
            boolean ascii = true;
            for (int k = at + 2; k < at + 2 + len; k++) if (bytes[k] <= 0) { ascii = false; break; }
            s = ascii ? new String(bytes, at + 2, len, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : new DataInputStream(new java.io.ByteArrayInputStream(bytes, at, len + 2)).readUTF();
            decoded[i] = s;
            return s;
        }
    }

    private static Of read(DataInputStream in, Pool pool) throws IOException {
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort();
        in.readUnsignedShort();
        int n = in.readUnsignedShort();
        int[] utf8At = new int[n];
        int offset = 10;
        for (int i = 1; i < n; i++) {
            int tag = in.readUnsignedByte();
            offset++;
            int size;
            switch (tag) {
                case 1 -> {
                    utf8At[i] = offset;
                    size = 2 + in.readUnsignedShort();
                    in.skipNBytes(size - 2);
                    offset += size;
                    continue;
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> size = 4;
                case 5, 6 -> {
                    size = 8;
                    i++;
                }
                case 7, 8, 16, 19, 20 -> size = 2;
                case 15 -> size = 3;
                default -> throw new IOException("constant pool tag " + tag);
            }
            in.skipNBytes(size);
            offset += size;
        }
        pool.index(n, utf8At);
        in.readUnsignedShort(); // access
        in.readUnsignedShort(); // this
        in.readUnsignedShort(); // super
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) in.readUnsignedShort();
        Map<String, List<Annotation>> fields = members(in, pool, null);
        Map<String, List<Annotation>> constructors = members(in, pool, "<init>");
        return new Of(fields, constructors);
    }

    /** Fields (by name; {@code method} null) or the methods named {@code method} (by descriptor). */
    private static Map<String, List<Annotation>> members(DataInputStream in, Pool pool, String method)
            throws IOException {
        Map<String, List<Annotation>> out = new LinkedHashMap<>();
        int count = in.readUnsignedShort();
        for (int f = 0; f < count; f++) {
            in.readUnsignedShort();
            String name = pool.get(in.readUnsignedShort());
            String descriptor = pool.get(in.readUnsignedShort());
            List<Annotation> found = new ArrayList<>();
            int attrs = in.readUnsignedShort();
            for (int a = 0; a < attrs; a++) {
                String attr = pool.get(in.readUnsignedShort());
                int len = in.readInt();
                if (!"RuntimeVisibleAnnotations".equals(attr)) {
                    in.skipNBytes(len);
                    continue;
                }
                int n = in.readUnsignedShort();
                for (int k = 0; k < n; k++) found.add(annotation(in, pool));
            }
            if (method == null) out.put(name, found);
            else if (method.equals(name)) out.put(descriptor, found);
        }
        return out;
    }

    /** The JVM descriptor of a constructor, as the class file names it. */
    public static String descriptor(java.lang.reflect.Constructor<?> k) {
        StringBuilder b = new StringBuilder("(");
        for (Class<?> p : k.getParameterTypes()) b.append(p.descriptorString());
        return b.append(")V").toString();
    }

    private static Annotation annotation(DataInputStream in, Pool pool) throws IOException {
        String type = pool.get(in.readUnsignedShort());
        Map<String, Object> elements = new HashMap<>();
        int pairs = in.readUnsignedShort();
        for (int p = 0; p < pairs; p++) {
            String name = pool.get(in.readUnsignedShort());
            elements.put(name, value(in, pool));
        }
        return new Annotation(type, elements);
    }

    private static Object value(DataInputStream in, Pool pool) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 's' -> {
                return pool.get(in.readUnsignedShort());
            }
            case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 'c' -> {
                in.readUnsignedShort();
                return OTHER;
            }
            case 'e' -> {
                in.readInt();
                return OTHER;
            }
            case '@' -> {
                annotation(in, pool);
                return OTHER;
            }
            case '[' -> {
                int n = in.readUnsignedShort();
                List<String> strings = new ArrayList<>();
                boolean allStrings = true;
                for (int i = 0; i < n; i++) {
                    Object v = value(in, pool);
                    if (v instanceof String s) strings.add(s);
                    else allStrings = false;
                }
                return allStrings ? strings : OTHER;
            }
            default -> throw new IOException("element value tag " + (char) tag);
        }
    }
}
