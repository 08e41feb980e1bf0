package org.jstap.api.artefact;

import org.jstap.api.ast.Script;

/** Pass 1's output, {@code ast.json}: the preprocessed tree of the user's script. */
public record AstArtefact(ArtefactHeader header, Script script) implements Artefact {
    public static final String KIND = "ast";
    public static final String FILE = "ast.json";
    public static final int FORMAT_VERSION = 2; // 2: Alias prologue/epilogue, Sort.aggregate, Autocast, AtOperator
}
