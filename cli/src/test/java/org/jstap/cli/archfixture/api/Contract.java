package org.jstap.cli.archfixture.api;

/** Fixture: a contract that wrongly reaches into a stage. */
public final class Contract {
    public static String leak() {
        return org.jstap.cli.archfixture.beta.Beta.name();
    }
}
