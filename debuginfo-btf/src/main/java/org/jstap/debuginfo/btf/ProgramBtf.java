package org.jstap.debuginfo.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The types of a probed user-space program (its structs, unions, enums and typedefs) as BTF: the DWARF of the
 * program or of its separate debug file, encoded once by {@link PaholeBtf} and cached under
 * {@code .../jstap/programs/} by the file's build id (else its path, size and modification time) and pahole's
 * version, and once per process in memory.
 */
public final class ProgramBtf {
    private static final Map<Path, HeaderBtf.Result> MEMO = new ConcurrentHashMap<>();
    private static final String KIND = "programs";

    private ProgramBtf() {}

    /** The BTF of {@code dwarfFile}'s types ({@code dwarfFile}: a program with -g, or its debug file). */
    public static HeaderBtf.Result load(Path dwarfFile) {
        return MEMO.computeIfAbsent(dwarfFile.toAbsolutePath().normalize(), ProgramBtf::compute);
    }

    private static HeaderBtf.Result compute(Path file) {
        try {
            String key = BtfDebugInfo.sha256((identity(file) + "\n" + PaholeBtf.version("pahole"))
                    .getBytes(StandardCharsets.UTF_8));
            byte[] data = PaholeBtf.cached(KIND, key);
            if (data == null) {
                String no = PaholeBtf.missing();
                if (no != null) return new HeaderBtf.Result.Failed(no);
                data = PaholeBtf.encode(file, KIND, key);
            }
            return new HeaderBtf.Result.Ok(BtfDebugInfo.load(data, file.toString()));
        } catch (IOException | RuntimeException e) {
            return new HeaderBtf.Result.Failed(e.getMessage());
        }
    }

    /** What fixes the file's types: its build id, else its path, size and modification time. */
    static String identity(Path file) throws IOException {
        Optional<String> id = buildId(file);
        if (id.isPresent()) return "build-id " + id.get();
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return "file " + file.toAbsolutePath().normalize() + " " + a.size() + " " + a.lastModifiedTime().toMillis();
    }

    /** The NT_GNU_BUILD_ID of {@code .note.gnu.build-id}, hex (a program and its debug file carry the same). */
    static Optional<String> buildId(Path file) throws IOException {
        ElfFile elf = ElfFile.open(file);
        Optional<byte[]> note = elf.sectionBytes(".note.gnu.build-id");
        if (note.isEmpty()) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(note.get()).order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 16) return Optional.empty();
        int namesz = b.getInt(0), descsz = b.getInt(4), type = b.getInt(8);
        int desc = 12 + ((namesz + 3) & ~3);
        if (type != 3 || descsz <= 0 || desc + descsz > b.limit()) return Optional.empty();
        byte[] id = new byte[descsz];
        b.get(desc, id);
        return Optional.of(HexFormat.of().formatHex(id));
    }
}
