package org.jstap.cli.archfixture.alpha;

/** Fixture: a stage that wrongly calls another stage. */
public final class Alpha {
    public static String use() {
        return org.jstap.cli.archfixture.beta.Beta.name();
    }
}
