package org.jstap.backend.bpf;

import java.util.List;

/**
 * {@code manifest.json} of a bpf artefact: what the loader attaches (one line per kernel-side probe), the maps
 * that hold the globals with their key/value layouts, and the record tables (print sites, error sites) the Java
 * side decodes ring-buffer records with. Made by pass 3 ({@link BpfCWriter}); pass 5 regenerates it from the IR
 * carried in the object and refuses an artefact whose manifest differs (the print sites refer to IR nodes).
 */
public record BpfManifest(int maxStringLen, List<Attach> attach, List<MapSpec> maps, List<PrintSite> prints,
                          List<ErrorSite> errors) {
    /** One kernel-side probe: {@code kind} tp|raw|uprobe|perf and the loader's arguments for it. */
    public record Attach(String program, String point, String kind, List<String> args, boolean optional) {}

    /** A global's map: {@code kind} scalar|array; offsets within the key struct / value. */
    public record MapSpec(String map, String global, String kind, List<Col> key, Col value, int keySize, int valueSize) {}

    /** A column: {@code type} long|string, byte offset and size. */
    public record Col(String type, int offset, int size) {}

    /** A printf/print in a kernel probe: argument columns in the record payload (after the 16-byte header). */
    public record PrintSite(int id, String probe, List<Col> args, int size) {}

    /** A runtime error site: the message ({@code %x}-style placeholder for the record's value) and the near text. */
    public record ErrorSite(int id, String message, String near) {}
}
