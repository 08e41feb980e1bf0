package org.jstap.api;

/** The five passes, numbered as {@code stap -p N}. */
public enum Pass {
    PARSE(1, "parse", "parsed"),
    ELABORATE(2, "elaboration", "analyzed"),
    TRANSLATE(3, "translation", "translated"),
    BUILD(4, "compilation", "compiled"),
    RUN(5, "run", "ran");

    public final int number;
    /** As in {@code Pass 4: compilation failed.} */
    public final String noun;
    /** As in {@code Pass 1: parsed user script ...}. */
    public final String verb;

    Pass(int number, String noun, String verb) {
        this.number = number;
        this.noun = noun;
        this.verb = verb;
    }

    public static Pass of(int n) {
        for (Pass p : values()) if (p.number == n) return p;
        throw new IllegalArgumentException("no pass " + n + " (passes are 1 to 5)");
    }

    public String failedLine() {
        return "Pass " + number + ": " + noun + " failed.";
    }
}
