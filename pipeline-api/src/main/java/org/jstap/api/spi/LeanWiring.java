package org.jstap.api.spi;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.api.Stage;
import org.jstap.api.debuginfo.DebugInfoProvider;

/**
 * Wires the contributed extensions without Guice when every module only calls the {@code contribute*} helpers and
 * every contributed class takes nothing but extension sets: Guice's injector creation alone cost about 70 ms of a
 * 400 ms start-up, for seven sets of classes. One instance per class, sets in contribution order (as Guice's
 * multibinder). Anything else (a module binding on its own, a constructor asking for another type) is
 * {@link Unsupported}, and {@link Registry#discover} then lets Guice do it.
 */
final class LeanWiring {
    /** One {@code contribute*} call: the extension interface and the class bound to it. */
    record Contribution(Class<?> kind, Class<?> implementation) {}

    /** This set of modules needs Guice. */
    static final class Unsupported extends Exception {
        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    static final List<Class<?>> KINDS = List.of(Stage.class, Backend.class, RunTarget.class, ProbeProvider.class,
            DebugInfoProvider.class, KernelLocator.class, Subcommand.class);

    private static final Set<String> INJECT = Set.of("Lcom/google/inject/Inject;", "Ljakarta/inject/Inject;");

    private final Map<Class<?>, List<Class<?>>> bound = new LinkedHashMap<>();
    private final Map<Class<?>, Object> instances = new HashMap<>();
    private final Set<Class<?>> constructing = new HashSet<>();
    private final Map<Class<?>, Set<Object>> sets = new HashMap<>();

    LeanWiring(List<Contribution> contributions) {
        for (Class<?> k : KINDS) bound.put(k, new ArrayList<>());
        for (Contribution c : contributions) {
            List<Class<?>> l = bound.get(c.kind());
            if (!l.contains(c.implementation())) l.add(c.implementation());
        }
    }

    /** The contributions of every module, or {@link Unsupported} when one does more than contribute. */
    static List<Contribution> record(List<?> modules) throws Unsupported {
        List<Contribution> out = new ArrayList<>();
        for (Object m : modules) {
            if (!(m instanceof JstapModule jm)) throw new Unsupported(m.getClass() + " is not a JstapModule");
            try {
                jm.recordInto(out);
            } catch (RuntimeException e) { // binder() outside Guice, or anything a plain Guice module would do
                throw new Unsupported(m.getClass() + ": " + e);
            }
        }
        return out;
    }

    /** The set of every class contributed for {@code kind}, each made once. */
    Set<Object> set(Class<?> kind) throws Unsupported {
        Set<Object> s = sets.get(kind);
        if (s != null) return s;
        Set<Object> made = new LinkedHashSet<>();
        for (Class<?> c : bound.get(kind)) made.add(instance(c));
        s = Collections.unmodifiableSet(made);
        sets.put(kind, s);
        return s;
    }

    private Object instance(Class<?> c) throws Unsupported {
        Object o = instances.get(c);
        if (o != null) return o;
        if (!constructing.add(c)) throw new Unsupported("a cycle through " + c);
        Constructor<?> k = constructor(c);
        Type[] params = k.getGenericParameterTypes();
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) args[i] = argument(params[i], c);
        try {
            k.setAccessible(true);
            o = k.newInstance(args);
        } catch (InvocationTargetException | InstantiationException | IllegalAccessException | RuntimeException e) {
            throw new Unsupported("constructing " + c + ": " + e); // Guice reports it as it always did
        }
        constructing.remove(c);
        instances.put(c, o);
        return o;
    }

    /** As Guice: the constructor marked {@code @Inject}, else a no-argument one. */
    private static Constructor<?> constructor(Class<?> c) throws Unsupported {
        if (Modifier.isAbstract(c.getModifiers()) || c.isInterface()) throw new Unsupported(c + " is abstract");
        Constructor<?>[] declared = c.getDeclaredConstructors();
        // One non-private constructor without parameters is Guice's choice whether or not it is marked: no need to
        // read the class file (19 of the 28 contributed classes)
        if (declared.length == 1 && declared[0].getParameterCount() == 0 && !Modifier.isPrivate(declared[0].getModifiers())) {
            return declared[0];
        }
        Constructor<?> noArg = null;
        Constructor<?> inject = null;
        Map<String, List<ClassFileAnnotations.Annotation>> marked;
        try { // from the class file: reflection would make a proxy class per annotation type
            marked = ClassFileAnnotations.of(c).constructors();
        } catch (java.io.IOException | RuntimeException e) {
            marked = null;
        }
        for (Constructor<?> k : declared) {
            if (marked != null ? marked.getOrDefault(ClassFileAnnotations.descriptor(k), List.of()).stream()
                    .anyMatch(a -> INJECT.contains(a.type()))
                    : k.isAnnotationPresent(com.google.inject.Inject.class) || k.isAnnotationPresent(jakarta.inject.Inject.class)) {
                if (inject != null) throw new Unsupported(c + " has two @Inject constructors");
                inject = k;
            } else if (k.getParameterCount() == 0 && !Modifier.isPrivate(k.getModifiers())) {
                noArg = k;
            }
        }
        if (inject != null) return inject;
        if (noArg != null) return noArg;
        throw new Unsupported(c + " has no @Inject or no-argument constructor");
    }

    /** {@code Set<K>} or {@code Provider<Set<K>>} of an extension interface K. */
    private Object argument(Type t, Class<?> of) throws Unsupported {
        if (t instanceof ParameterizedType p && p.getRawType() == Set.class) return set(kindOf(p, of));
        if (t instanceof ParameterizedType p && p.getRawType() == com.google.inject.Provider.class
                && p.getActualTypeArguments()[0] instanceof ParameterizedType inner && inner.getRawType() == Set.class) {
            Class<?> kind = kindOf(inner, of);
            com.google.inject.Provider<Set<Object>> provider = () -> {
                try {
                    return set(kind);
                } catch (Unsupported e) {
                    throw new IllegalStateException("cannot wire " + kind + ": " + e.getMessage());
                }
            };
            return provider;
        }
        throw new Unsupported(of + " asks for " + t);
    }

    private static Class<?> kindOf(ParameterizedType set, Class<?> of) throws Unsupported {
        Type a = set.getActualTypeArguments()[0];
        Type raw = a instanceof ParameterizedType p ? p.getRawType() : a;
        if (raw instanceof Class<?> k && KINDS.contains(k)) return k;
        throw new Unsupported(of + " asks for a set of " + a);
    }
}
