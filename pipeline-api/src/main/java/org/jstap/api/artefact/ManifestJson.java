package org.jstap.api.artefact;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code manifest.json} of a {@code module.tar} with Jackson's streaming parser only. The data-binding
 * mapper costs about 40 ms to build in a fresh JVM, and a {@code -p4} served from the cache reads nothing else
 * as JSON. Same reading as the mapper's: unknown fields ignored, scalars coerced to the text or number asked for,
 * a missing list is empty.
 */
final class ManifestJson {
    private static final JsonFactory JSON = Json.factory();

    private ManifestJson() {}

    static ModuleCodec.Manifest read(byte[] bytes) throws IOException, ArtefactException {
        Object top;
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() == null) throw new ArtefactException("malformed manifest.json: empty");
            top = value(p);
        }
        if (!(top instanceof Map<?, ?> m)) throw new ArtefactException("malformed manifest.json: not an object");
        ArtefactHeader h = null;
        Object hv = m.get("header");
        if (hv instanceof Map<?, ?> hm) {
            h = new ArtefactHeader(integer(hm, "formatVersion"), text(hm, "kind"), text(hm, "producer"),
                    text(hm, "producerVersion"), text(hm, "inputHash"));
        } else if (hv != null) {
            throw new ArtefactException("malformed manifest.json: header is not an object");
        }
        ModuleManifest mf = null;
        Object mv = m.get("manifest");
        if (mv instanceof Map<?, ?> mm) {
            mf = new ModuleManifest(text(mm, "moduleName"), text(mm, "koFile"), text(mm, "kernelRelease"),
                    text(mm, "kernelBuild"), text(mm, "arch"), text(mm, "vermagic"), text(mm, "scriptHash"),
                    texts(mm, "options"), texts(mm, "probes"));
        } else if (mv != null) {
            throw new ArtefactException("malformed manifest.json: manifest is not an object");
        }
        return new ModuleCodec.Manifest(h, mf);
    }

    /** Objects as maps, arrays as lists, scalars as String, Long/Double, Boolean, or null. */
    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, value(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) l.add(value(p));
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    private static String text(Map<?, ?> m, String field) throws ArtefactException {
        Object v = m.get(field);
        if (v == null || v instanceof String) return (String) v;
        if (v instanceof Long || v instanceof Double || v instanceof Boolean) return v.toString();
        throw new ArtefactException("malformed manifest.json: " + field + " is not text");
    }

    private static int integer(Map<?, ?> m, String field) throws ArtefactException {
        Object v = m.get(field);
        if (v == null && !m.containsKey(field)) return 0;
        try {
            if (v instanceof Long l && l == l.intValue()) return l.intValue();
            if (v instanceof String s) return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            // below
        }
        throw new ArtefactException("malformed manifest.json: " + field + " is not a whole number");
    }

    private static List<String> texts(Map<?, ?> m, String field) throws ArtefactException {
        Object v = m.get(field);
        if (v == null) return List.of();
        if (!(v instanceof List<?> l)) throw new ArtefactException("malformed manifest.json: " + field + " is not a list");
        List<String> out = new ArrayList<>();
        for (Object e : l) {
            if (e == null) throw new ArtefactException("malformed manifest.json: " + field + " holds a null");
            if (e instanceof Map || e instanceof List) throw new ArtefactException("malformed manifest.json: " + field + " holds a non-text");
            out.add(e.toString());
        }
        return out;
    }
}
