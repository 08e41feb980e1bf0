package org.jstap.elaborate.sem;

import org.jstap.api.StageContext;
import org.jstap.api.ast.Script;

/**
 * What pass 2's IR passes ({@link TailPasses}) share besides the IR: the run's context, the symbol tables the IR
 * was built from (which globals and functions were never used, first uses, embedded C), and whether this run
 * only lists probe points ({@code -l}/{@code -L}).
 */
record TailContext(StageContext ctx, Symbols symbols, Script script, boolean listing, BackendCheck backendCheck) {}
