package com.example.replacement;

import org.jstap.api.Pass;
import org.jstap.api.ScriptSource;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.spi.JstapModule;

/** A third-party pass 1 (outside org.jstap): the Registry must prefer it over the built-in parser. */
public final class LoudParse implements Stage<ScriptSource, String> {
    public Pass pass() { return Pass.PARSE; }
    public String name() { return "loud-parse"; }
    public String version() { return "1"; }
    public Class<ScriptSource> inputType() { return ScriptSource.class; }
    public Class<String> outputType() { return String.class; }
    public String run(ScriptSource in, StageContext ctx) { return in.text().toUpperCase(java.util.Locale.ROOT); }
    public void printResult(String out, StageContext ctx) { ctx.out().println(out); }

    /** Its JstapModule. */
    public static final class Module extends JstapModule {
        @Override protected void configure() {
            contributeStage(LoudParse.class);
        }
    }
}
