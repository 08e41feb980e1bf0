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
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
            if (in == null) throw new IOException("no class file for " + c.getName());
            return read(new DataInputStream(in));
        }
    }

    static Of read(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort();
        in.readUnsignedShort();
        int n = in.readUnsignedShort();
        Object[] pool = new Object[n];
        for (int i = 1; i < n; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
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
    private static Map<String, List<Annotation>> members(DataInputStream in, Object[] pool, String method)
            throws IOException {
        Map<String, List<Annotation>> out = new LinkedHashMap<>();
        int count = in.readUnsignedShort();
        for (int f = 0; f < count; f++) {
            in.readUnsignedShort();
            String name = (String) pool[in.readUnsignedShort()];
            String descriptor = (String) pool[in.readUnsignedShort()];
            List<Annotation> found = new ArrayList<>();
            int attrs = in.readUnsignedShort();
            for (int a = 0; a < attrs; a++) {
                String attr = (String) pool[in.readUnsignedShort()];
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

    private static Annotation annotation(DataInputStream in, Object[] pool) throws IOException {
        String type = (String) pool[in.readUnsignedShort()];
        Map<String, Object> elements = new HashMap<>();
        int pairs = in.readUnsignedShort();
        for (int p = 0; p < pairs; p++) {
            String name = (String) pool[in.readUnsignedShort()];
            elements.put(name, value(in, pool));
        }
        return new Annotation(type, elements);
    }

    private static Object value(DataInputStream in, Object[] pool) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 's' -> {
                return pool[in.readUnsignedShort()];
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
