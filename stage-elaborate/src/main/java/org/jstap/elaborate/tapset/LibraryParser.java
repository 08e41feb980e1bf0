package org.jstap.elaborate.tapset;

import java.util.List;
import org.jstap.api.StageContext;
import org.jstap.api.ast.ScriptFile;

/** Parses one library file into its declarations (pass 1 on a tapset file). */
public interface LibraryParser {
    /** Returns the parsed file, or null when it failed (errors are in {@code ctx.diagnostics()}). */
    ScriptFile parse(String name, String text, StageContext ctx);

    /** A parser that knows nothing: for runs that must not pull in library files. */
    LibraryParser NONE = (name, text, ctx) -> null;

    static ScriptFile asLibrary(ScriptFile f) {
        return f.library() ? f : new ScriptFile(f.name(), f.text(), true, f.decls());
    }

    static List<ScriptFile> none() {
        return List.of();
    }
}
