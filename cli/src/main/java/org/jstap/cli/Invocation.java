package org.jstap.cli;

import java.nio.file.Path;
import java.util.List;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.run.RemoteTarget;

/**
 * One validated run: the session options the stages see, the script, and the driver-only switches
 * ({@code --remote} hosts and {@code --remote-prefix}: the driver runs pass 5 on them, see {@link FleetRun}).
 */
record Invocation(SessionOptions options, ScriptSource script, boolean cleanCache, Path from, Path emit,
                  List<RemoteTarget> remotes, boolean remotePrefix) {
    Invocation {
        remotes = List.copyOf(remotes);
    }

    Invocation(SessionOptions options, ScriptSource script, boolean cleanCache, Path from, Path emit) {
        this(options, script, cleanCache, from, emit, List.of(), false);
    }

    Invocation withOptions(SessionOptions o) {
        return new Invocation(o, script, cleanCache, from, emit, remotes, remotePrefix);
    }
}
