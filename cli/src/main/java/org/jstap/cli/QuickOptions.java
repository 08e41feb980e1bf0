package org.jstap.cli;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jstap.api.spi.ClassFileAnnotations;

/**
 * Reads a plain command line into {@link CliOptions} from the same picocli annotations, without picocli: its
 * classes are Java 5 bytecode, which the start-up class-data archive cannot hold, and building its model cost about
 * 110 ms of a 400 ms {@code jstap -p1}. Only the spellings whose picocli meaning is certain are handled here:
 * {@code --}, option names alone, {@code --long=VALUE}, clusters of short options ending in an attached or next
 * value ({@code -vvp1}, {@code -gp 1}), positionals. Anything else (an unknown or odd option, a value that looks
 * like an option, {@code @file}, a missing value, an option with a picocli feature beyond the plain ones) returns
 * false, and {@link Main} parses the line with picocli as before, errors and all. {@code QuickOptionsTest} checks
 * both parsers agree.
 */
final class QuickOptions {
    /** How one option field takes its value. */
    private enum Shape { FLAG, COUNT, STRING, PATH, STRINGS, PATHS }

    private record Spec(Field field, Shape shape) {}

    private static final Map<String, Spec> OPTIONS = new HashMap<>();
    private static final Field POSITIONAL;

    /** Elements of {@code @Option} that change nothing about how a value is read. */
    private static final java.util.Set<String> PLAIN_OPTION = java.util.Set.of("names", "paramLabel", "description",
            "descriptionKey", "hidden", "order");
    private static final String OPTION = "Lpicocli/CommandLine$Option;";
    private static final String PARAMETERS = "Lpicocli/CommandLine$Parameters;";

    static {
        Field positional = null;
        try {
            Map<String, List<ClassFileAnnotations.Annotation>> all = ClassFileAnnotations.of(CliOptions.class).fields();
            for (Field f : CliOptions.class.getDeclaredFields()) {
                for (ClassFileAnnotations.Annotation a : all.getOrDefault(f.getName(), List.of())) {
                    if (a.type().equals(OPTION)) {
                        Object names = a.elements().get("names");
                        List<String> list = names instanceof String n ? List.of(n)
                                : names instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
                        boolean plain = PLAIN_OPTION.containsAll(a.elements().keySet());
                        Shape s = plain ? shape(f) : null;
                        f.setAccessible(true);
                        for (String n : list) OPTIONS.put(n, s == null ? null : new Spec(f, s));
                    } else if (a.type().equals(PARAMETERS) && shape(f) == Shape.STRINGS
                            && java.util.Set.of("paramLabel", "description", "hidden").containsAll(a.elements().keySet())) {
                        f.setAccessible(true);
                        positional = f;
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            OPTIONS.clear();
            positional = null; // every line goes to picocli
        }
        POSITIONAL = positional;
    }

    private QuickOptions() {}

    private static Shape shape(Field f) {
        Class<?> t = f.getType();
        if (t == boolean.class) return Shape.FLAG;
        if (t == boolean[].class) return Shape.COUNT;
        if (t == String.class) return Shape.STRING;
        if (t == Path.class) return Shape.PATH;
        if (t == List.class && f.getGenericType() instanceof ParameterizedType p) {
            Type e = p.getActualTypeArguments()[0];
            if (e == String.class) return Shape.STRINGS;
            if (e == Path.class) return Shape.PATHS;
        }
        return null;
    }

    /** Fills {@code into} and returns true, or returns false (leaving {@code into} half filled) for picocli to do it. */
    static boolean parse(String[] args, CliOptions into) {
        if (POSITIONAL == null) return false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.startsWith("@")) return false; // picocli reads @FILE as more arguments
                if (a.equals("--")) {
                    for (int k = i + 1; k < args.length; k++) {
                        if (args[k].startsWith("@")) return false;
                        positional(into).add(args[k]);
                    }
                    return true;
                }
                if (!a.startsWith("-") || a.equals("-")) {
                    positional(into).add(a);
                    continue;
                }
                if (OPTIONS.containsKey(a)) { // the name alone: a flag, or the value is the next argument
                    Spec s = OPTIONS.get(a);
                    if (s == null) return false;
                    if (takesValue(s.shape())) {
                        if (i + 1 >= args.length || !plainValue(args[i + 1])) return false;
                        set(into, s, args[++i]);
                    } else {
                        set(into, s, null);
                    }
                    continue;
                }
                if (a.startsWith("--")) { // --name=VALUE of an option taking a value; nothing else
                    int eq = a.indexOf('=');
                    if (eq < 0) return false;
                    Spec s = OPTIONS.get(a.substring(0, eq));
                    if (s == null || !takesValue(s.shape())) return false;
                    set(into, s, a.substring(eq + 1));
                    continue;
                }
                // a cluster of short options: flags, then maybe one taking the rest (or the next argument)
                for (int c = 1; c < a.length(); c++) {
                    Spec s = OPTIONS.get("-" + a.charAt(c));
                    if (s == null) return false;
                    if (!takesValue(s.shape())) {
                        set(into, s, null);
                        continue;
                    }
                    String rest = a.substring(c + 1);
                    if (rest.startsWith("=")) return false; // -p=1: picocli's separator rules
                    if (!rest.isEmpty()) {
                        set(into, s, rest);
                    } else {
                        if (i + 1 >= args.length || !plainValue(args[i + 1])) return false;
                        set(into, s, args[++i]);
                    }
                    break;
                }
            }
            return true;
        } catch (InvalidPathException e) {
            return false; // picocli's message for it
        }
    }

    /** A value picocli takes as it is: not something that starts like an option or an argument file. */
    private static boolean plainValue(String v) {
        return !v.startsWith("-") && !v.startsWith("@");
    }

    private static boolean takesValue(Shape s) {
        return s != Shape.FLAG && s != Shape.COUNT;
    }

    @SuppressWarnings("unchecked")
    private static List<String> positional(CliOptions o) {
        try {
            return (List<String>) POSITIONAL.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(CliOptions o, Spec s, String value) {
        Field f = s.field();
        try {
            switch (s.shape()) {
                case FLAG -> f.setBoolean(o, true);
                case COUNT -> {
                    boolean[] old = (boolean[]) f.get(o);
                    boolean[] now = java.util.Arrays.copyOf(old, old.length + 1);
                    now[old.length] = true;
                    f.set(o, now);
                }
                case STRING -> f.set(o, value);
                case PATH -> f.set(o, Path.of(value));
                case STRINGS -> ((List<String>) f.get(o)).add(value);
                case PATHS -> ((List<Path>) f.get(o)).add(Path.of(value));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
