package org.jstap.api.artefact;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The one Jackson configuration for JSON artefacts. Sealed hierarchies are registered by walking their
 * permitted subclasses, so a new node type needs no annotation list to keep in sync.
 */
public final class Json {
    private Json() {}

    /**
     * Jackson refuses documents nested deeper than 1000 by default; an artefact is as deep as the script's
     * expressions (a 10,000-term {@code 1+1+...} chain is a valid script): no depth limit, as for the parser.
     */
    public static com.fasterxml.jackson.core.JsonFactory factory() {
        return com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                        .maxNestingDepth(Integer.MAX_VALUE).maxNumberLength(Integer.MAX_VALUE)
                        .maxStringLength(Integer.MAX_VALUE).build())
                .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder()
                        .maxNestingDepth(Integer.MAX_VALUE).build())
                .build();
    }

    /** A mapper that knows the subtypes of every sealed root given (and of sealed types nested in them). */
    public static ObjectMapper mapper(Class<?>... sealedRoots) {
        ObjectMapper m = new ObjectMapper(factory())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // artefacts spell enums by name: a number would silently pick another constant by ordinal
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (Class<?> r : sealedRoots) todo.add(r);
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c.isSealed()) {
                for (Class<?> sub : c.getPermittedSubclasses()) {
                    m.registerSubtypes(new NamedType(sub, sub.getSimpleName()));
                    todo.add(sub);
                }
            }
            for (Class<?> inner : c.getDeclaredClasses()) if (inner.isSealed()) todo.add(inner);
        }
        return m;
    }
}
