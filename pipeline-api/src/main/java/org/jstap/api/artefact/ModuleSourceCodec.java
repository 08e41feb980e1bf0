package org.jstap.api.artefact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code module-src.tar}: first entry {@code jstap-artefact.json} ({@code {"header":..., "scriptHash":...,
 * "probes":[...]}}), then the source files at their relative paths. Readable with plain {@code tar}.
 */
public final class ModuleSourceCodec implements ArtefactCodec<ModuleSourceArtefact> {
    public static final String HEADER_ENTRY = "jstap-artefact.json";
    /** Made on first use: a mapper costs tens of milliseconds, and naming the codec should not. */
    private static final class Mapper {
        static final ObjectMapper JSON = Json.mapper();
    }

    record Meta(ArtefactHeader header, String scriptHash, List<String> probes) {}

    @Override
    public Class<ModuleSourceArtefact> type() {
        return ModuleSourceArtefact.class;
    }

    @Override
    public String fileName() {
        return ModuleSourceArtefact.FILE;
    }

    @Override
    public void write(ModuleSourceArtefact a, OutputStream out) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(HEADER_ENTRY, Mapper.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(new Meta(a.header(), a.scriptHash(), a.probes())));
        entries.putAll(a.files());
        TarEntries.write(entries, out);
    }

    public byte[] toBytes(ModuleSourceArtefact a) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            write(a, b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    @Override
    public ModuleSourceArtefact read(InputStream in) throws IOException, ArtefactException {
        Map<String, byte[]> entries = TarEntries.read(in);
        byte[] meta = entries.remove(HEADER_ENTRY);
        if (meta == null) throw new ArtefactException("no " + HEADER_ENTRY + " in " + ModuleSourceArtefact.FILE);
        Meta m;
        try {
            m = Mapper.JSON.readValue(meta, Meta.class);
        } catch (JsonProcessingException e) {
            throw new ArtefactException("malformed " + HEADER_ENTRY + ": " + e.getOriginalMessage(), e);
        }
        TarCodecs.check(m.header(), ModuleSourceArtefact.KIND, ModuleSourceArtefact.FORMAT_VERSION);
        return new ModuleSourceArtefact(m.header(), m.scriptHash(), m.probes() == null ? List.of() : m.probes(),
                entries);
    }
}
