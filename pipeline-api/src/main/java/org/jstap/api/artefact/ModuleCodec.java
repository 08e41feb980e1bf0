package org.jstap.api.artefact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code module.tar}: {@code manifest.json} ({@code {"header":..., "manifest":...}}) first, then the module
 * under {@code manifest.koFile} (e.g. {@code jstap_1a2b_42.ko}). {@code tar xf module.tar} gives a loadable .ko.
 */
public final class ModuleCodec implements ArtefactCodec<ModuleArtefact> {
    public static final String MANIFEST_ENTRY = "manifest.json";
    /** Made on first use: a mapper costs tens of milliseconds, and naming the codec should not. */
    private static final class Mapper {
        static final ObjectMapper JSON = Json.mapper();
    }

    record Manifest(ArtefactHeader header, ModuleManifest manifest) {}

    @Override
    public Class<ModuleArtefact> type() {
        return ModuleArtefact.class;
    }

    @Override
    public String fileName() {
        return ModuleArtefact.FILE;
    }

    @Override
    public void write(ModuleArtefact a, OutputStream out) throws IOException {
        String ko = a.manifest().koFile();
        if (ko == null || ko.equals(MANIFEST_ENTRY)) throw new IllegalArgumentException("bad koFile '" + ko + "'");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(MANIFEST_ENTRY, Mapper.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(new Manifest(a.header(), a.manifest())));
        entries.put(ko, a.ko());
        TarEntries.write(entries, out);
    }

    public byte[] toBytes(ModuleArtefact a) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(a.koSize() + 4096);
        try {
            write(a, b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    public ModuleArtefact fromBytes(byte[] bytes) throws ArtefactException {
        try {
            return read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new ArtefactException("cannot read " + ModuleArtefact.FILE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ModuleArtefact read(InputStream in) throws IOException, ArtefactException {
        Map<String, byte[]> entries = TarEntries.read(in);
        byte[] mf = entries.get(MANIFEST_ENTRY);
        if (mf == null) throw new ArtefactException("no " + MANIFEST_ENTRY + " in " + ModuleArtefact.FILE);
        Manifest m;
        try {
            m = ManifestJson.read(mf);
        } catch (JsonProcessingException e) {
            throw new ArtefactException("malformed " + MANIFEST_ENTRY + ": " + e.getOriginalMessage(), e);
        }
        TarCodecs.check(m.header(), ModuleArtefact.KIND, ModuleArtefact.FORMAT_VERSION);
        if (m.manifest() == null || m.manifest().moduleName() == null || m.manifest().koFile() == null) {
            throw new ArtefactException(MANIFEST_ENTRY + " lacks moduleName or koFile");
        }
        byte[] ko = entries.get(m.manifest().koFile());
        if (ko == null) throw new ArtefactException("module file '" + m.manifest().koFile() + "' missing from tar");
        if (ko.length < 4 || ko[0] != 0x7f || ko[1] != 'E' || ko[2] != 'L' || ko[3] != 'F') {
            throw new ArtefactException("'" + m.manifest().koFile() + "' is not an ELF file");
        }
        return new ModuleArtefact(m.header(), m.manifest(), ko);
    }
}
