package org.jstap.cli.fakes;

/** Pass 2's output in the driver tests. */
public record FakeIr(String text) {}
