package org.jstap.cli.fakes;

import org.jstap.api.spi.Backend;

public class FakeBackend implements Backend {
    public String name() { return "kmod"; }
    public String description() { return "the fake kernel-module backend"; }
}
