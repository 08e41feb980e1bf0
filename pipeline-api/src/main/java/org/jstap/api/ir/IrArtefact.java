package org.jstap.api.ir;

import org.jstap.api.artefact.Artefact;
import org.jstap.api.artefact.ArtefactHeader;

/** Pass 2's output, {@code ir.json}: the elaborated, typed program (see docs/ir.md). */
public record IrArtefact(ArtefactHeader header, IrProgram program) implements Artefact {
    public static final String KIND = "ir";
    public static final String FILE = "ir.json";
    public static final int FORMAT_VERSION = 1;
}
