package org.jstap.backend.interp;

/**
 * The compiled form of the IR: each expression becomes a closure of the shape its type needs, each statement one
 * that returns how it completed. Compiling once up front keeps the per-hit work to plain Java calls.
 */
final class Nodes {
    private Nodes() {}

    static final int NORMAL = 0, BREAK = 1, CONTINUE = 2, RETURN = 3;

    @FunctionalInterface
    interface LNode { long l(Frame f); }

    @FunctionalInterface
    interface SNode { String s(Frame f); }

    @FunctionalInterface
    interface VNode { void v(Frame f); }

    @FunctionalInterface
    interface KNode { Object k(Frame f); }

    /** A statement: returns {@link #NORMAL}, {@link #BREAK}, {@link #CONTINUE} or {@link #RETURN}. */
    @FunctionalInterface
    interface XNode { int x(Frame f); }
}
