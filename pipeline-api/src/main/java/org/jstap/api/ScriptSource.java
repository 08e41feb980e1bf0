package org.jstap.api;

import java.util.List;

/**
 * The input of pass 1: a script's name as diagnostics show it ({@code <input>} for -e) and its text; {@code also}:
 * the {@code -E SCRIPT} texts run alongside it ({@code <input1>}, {@code <input2>}, ... as stap names them), parsed
 * as further user files after it.
 */
public record ScriptSource(String name, String text, List<ScriptSource> also, boolean library) {
    public ScriptSource {
        also = also == null ? List.of() : List.copyOf(also);
    }

    public ScriptSource(String name, String text) {
        this(name, text, List.of(), false);
    }

    public ScriptSource(String name, String text, List<ScriptSource> also) {
        this(name, text, also, false);
    }

    /**
     * A tapset (library) file handed to pass 1 by pass 2: the user-script checks stap makes in pass 1 (embedded C
     * without -g, duplicate globals) do not apply to it.
     */
    public static ScriptSource library(String name, String text) {
        return new ScriptSource(name, text, List.of(), true);
    }

    /** This script with the {@code -E} scripts {@code more} beside it. */
    public ScriptSource with(List<ScriptSource> more) {
        return new ScriptSource(name, text, more, library);
    }
}
