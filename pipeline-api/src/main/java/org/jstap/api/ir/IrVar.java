package org.jstap.api.ir;

/**
 * A local variable or parameter of a probe or function. {@code slot} is its index in the frame (parameters
 * first, in order), so an interpreter can use an array and a C translator a struct field {@code l_NAME}.
 * Locals are scalars (long or string); stap has no local arrays or statistics.
 */
public record IrVar(String name, IrType type, int slot) {}
