package org.jstap.api.artefact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
    private final ObjectMapper mapper;

    public JsonCodec(Class<A> type, String kind, String fileName, int formatVersion, Class<?>... sealedRoots) {
        this.type = type;
        this.kind = kind;
        this.fileName = fileName;
        this.formatVersion = formatVersion;
        this.mapper = Json.mapper(sealedRoots);
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
        mapper.writeValue(out, artefact);
    }

    public byte[] toBytes(A artefact) {
        try {
            return mapper.writeValueAsBytes(artefact);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + kind + " artefact", e);
        }
    }

    @Override
    public A read(InputStream in) throws IOException, ArtefactException {
        JsonNode tree;
        try {
            tree = mapper.readTree(in);
        } catch (JsonProcessingException e) {
            throw new ArtefactException("not a JSON artefact (" + e.getOriginalMessage() + ")", e);
        }
        if (tree == null || !tree.has("header")) throw new ArtefactException("no artefact header");
        ArtefactHeader h = mapper.treeToValue(tree.get("header"), ArtefactHeader.class);
        if (!kind.equals(h.kind())) {
            throw new ArtefactException("expected a '" + kind + "' artefact, this is '" + h.kind() + "'");
        }
        if (h.formatVersion() != formatVersion) {
            throw new ArtefactException("'" + kind + "' format version " + h.formatVersion()
                    + " is not supported (this jstap reads version " + formatVersion + ")");
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new ArtefactException("malformed '" + kind + "' artefact: " + e.getOriginalMessage(), e);
        }
    }
}
