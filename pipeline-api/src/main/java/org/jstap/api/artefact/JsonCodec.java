package org.jstap.api.artefact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A codec for a JSON artefact whose header names {@code kind} and a format version this build understands. */
public class JsonCodec<A extends Artefact> implements ArtefactCodec<A> {
    private final Class<A> type;
    private final String kind;
    private final String fileName;
    private final int formatVersion;
    private final Class<?>[] sealedRoots;
    /** Made on first use: a mapper costs tens of milliseconds, and a cached run to pass 4 decodes no JSON. */
    private volatile ObjectMapper mapper;

    public JsonCodec(Class<A> type, String kind, String fileName, int formatVersion, Class<?>... sealedRoots) {
        this.type = type;
        this.kind = kind;
        this.fileName = fileName;
        this.formatVersion = formatVersion;
        this.sealedRoots = sealedRoots.clone();
    }

    private ObjectMapper mapper() {
        ObjectMapper m = mapper;
        if (m == null) {
            synchronized (this) {
                m = mapper;
                if (m == null) mapper = m = Json.mapper(sealedRoots);
            }
        }
        return m;
    }

    @Override
    public Class<A> type() {
        return type;
    }

    @Override
    public String fileName() {
        return fileName;
    }

    @Override
    public void write(A artefact, OutputStream out) throws IOException {
        mapper().writeValue(out, artefact);
    }

    public byte[] toBytes(A artefact) {
        try {
            return mapper().writeValueAsBytes(artefact);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + kind + " artefact", e);
        }
    }

    @Override
    public A read(InputStream in) throws IOException, ArtefactException {
        JsonNode tree;
        try {
            tree = mapper().readTree(in);
        } catch (JsonProcessingException e) {
            throw new ArtefactException("not a JSON artefact (" + e.getOriginalMessage() + ")", e);
        }
        if (tree == null || !tree.has("header")) throw new ArtefactException("no artefact header");
        ArtefactHeader h = mapper().treeToValue(tree.get("header"), ArtefactHeader.class);
        if (!kind.equals(h.kind())) {
            throw new ArtefactException("expected a '" + kind + "' artefact, this is '" + h.kind() + "'");
        }
        if (h.formatVersion() != formatVersion) {
            throw new ArtefactException("'" + kind + "' format version " + h.formatVersion()
                    + " is not supported (this jstap reads version " + formatVersion + ")");
        }
        try {
            return mapper().treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            String where = e instanceof JsonMappingException m ? path(m) : "";
            String why = e instanceof ValueInstantiationException vi && vi.getCause() instanceof NullPointerException
                    ? "a list field of " + RecordTree.name(vi.getType().getRawClass()) + " is missing or holds a null"
                    : firstLine(e.getOriginalMessage());
            throw new ArtefactException("malformed '" + kind + "' artefact" + (where.isEmpty() ? "" : " at " + where)
                    + ": " + why, e);
        } catch (RuntimeException e) { // a record constructor refusing a null list, an unexpected node shape
            throw new ArtefactException("malformed '" + kind + "' artefact: " + e, e);
        }
    }

    /** The JSON path Jackson was at, in the artefact's own field names: {@code program.probes[0].site}. */
    static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
        }
        return b.toString();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        String f = s.lines().findFirst().orElse("");
        return f.length() > 300 ? f.substring(0, 300) + "..." : f;
    }
}
