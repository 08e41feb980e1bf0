package org.jstap.api.ast;

import java.util.List;

/** The pass-1 tree: the user's script first, then any library files parsed with it. */
public record Script(List<ScriptFile> files) {
    public Script { files = List.copyOf(files); }

    public ScriptFile user() {
        return files.get(0);
    }
}
