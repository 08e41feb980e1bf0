package org.jstap.cli.fakes;

/** Pass 1's output in the driver tests. */
public record FakeAst(String text) {}
