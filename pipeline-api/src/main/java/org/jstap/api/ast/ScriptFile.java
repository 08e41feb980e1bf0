package org.jstap.api.ast;

import java.util.List;

/**
 * One parsed file after preprocessing. {@code text} is the original source so later passes can render
 * diagnostics with the source line; {@code library} marks tapset files.
 */
public record ScriptFile(String name, String text, boolean library, List<Decl> decls) {
    public ScriptFile { decls = List.copyOf(decls); }
}
