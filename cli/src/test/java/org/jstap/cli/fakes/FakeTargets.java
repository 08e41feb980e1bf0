package org.jstap.cli.fakes;

import org.jstap.api.spi.RunTarget;

public final class FakeTargets {
    private FakeTargets() {}

    public static class Local implements RunTarget {
        public String name() { return "local"; }
        public int preference() { return 0; }
        public boolean isAvailable() { return false; }
        public String whyUnavailable() { return "fake"; }
    }

    public static class Vm implements RunTarget {
        public String name() { return "vm"; }
        public int preference() { return 1; }
        public boolean isAvailable() { return true; }
        public String whyUnavailable() { return ""; }
    }
}
