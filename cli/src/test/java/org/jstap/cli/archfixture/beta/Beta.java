package org.jstap.cli.archfixture.beta;

/** Fixture: a well-behaved stage (libraries only). */
public final class Beta {
    public static String name() {
        return java.util.Locale.ROOT.toString() + "beta";
    }

    public static String use() {
        return name();
    }
}
