package org.jstap.backend.bpf;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Names of the files in a bpf artefact, and the resources (runtime header, loader source) they come from. */
final class BpfFiles {
    private BpfFiles() {}

    static final String SOURCE = "probes.bpf.c";
    static final String RUNTIME_HEADER = "jstap_bpf.h";
    /** kernel stacks and symbols (BpfStacks), included by the programs that use them */
    static final String STACKS_HEADER = "jstap_stacks.h";
    /** the tapset's embedded-C helpers (TapsetHelpers), included by the programs that use them */
    static final String TAPSET_HEADER = "jstap_tapset.h";
    /** user stacks and symbols (BpfUStacks), after it */
    static final String USTACKS_HEADER = "jstap_ustacks.h";
    static final String MANIFEST = "manifest.json";
    static final String IR = "ir.json";
    static final String OBJECT_SUFFIX = ".bpf.o";
    /** ELF sections pass 4 adds to the object, so module.tar's one object file carries everything pass 5 needs. */
    static final String SECTION_MANIFEST = ".jstap.manifest";
    static final String SECTION_IR = ".jstap.ir";

    static final ObjectMapper JSON = new ObjectMapper(org.jstap.api.artefact.Json.factory());

    static byte[] resource(String name) {
        try (InputStream in = BpfFiles.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
