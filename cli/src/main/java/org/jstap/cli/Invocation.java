package org.jstap.cli;

import java.nio.file.Path;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;

/** One validated run: the session options the stages see, the script, and the driver-only switches. */
record Invocation(SessionOptions options, ScriptSource script, boolean cleanCache, Path from, Path emit) {}
