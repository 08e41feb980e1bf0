package org.jstap.api.diag;

public enum Severity {
    ERROR("error"), WARNING("warning"), NOTE("note");

    public final String label;
    Severity(String label) { this.label = label; }
}
