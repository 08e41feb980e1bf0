package org.jstap.api;

/**
 * One pass of the pipeline: a pure function from one artefact to the next. Stateless; everything a run needs
 * travels in the {@link StageContext}. Implementations are contributed through {@link org.jstap.api.spi.JstapModule}
 * and may be replaced by a plugin that registers a stage with the same {@link #pass()} and {@link #backend()}.
 */
public interface Stage<I, O> {
    Pass pass();

    /** Short name shown in {@code -v} output and artefact headers, e.g. {@code "parse"}. */
    String name();

    /** Goes into artefact headers and cache keys: bump it whenever the output for the same input changes. */
    String version();

    /** The backend this stage belongs to, or {@code "*"} for the shared front end (passes 1 and 2). */
    default String backend() {
        return "*";
    }

    Class<I> inputType();

    Class<O> outputType();

    /**
     * Runs the pass. User errors go to {@code ctx.diagnostics()} and end with a {@link StageFailedException};
     * anything else escaping is an internal error.
     */
    O run(I input, StageContext ctx) throws StageFailedException;

    /**
     * Declares what the output depends on besides the input artefact and this stage's code (name, version,
     * backend, jar: the driver adds those, and the runtime, guru mode and diagnostics options, to every key). The
     * default is what the standard stage of {@link #pass()} reads ({@link CacheInputs.Standard}); a stage that reads
     * other options, files or environment overrides it, so a plugin stage keys itself.
     */
    default void cacheInputs(SessionOptions options, CacheInputs inputs) {
        CacheInputs.Standard.of(pass(), options, inputs);
    }

    /**
     * What {@code -pN} shows when this pass is the last one: pass 1 the script as source, pass 2 the elaborated
     * script, pass 3 the C, pass 4 the module's path. Written to {@code ctx.out()}.
     */
    void printResult(O output, StageContext ctx);

    /**
     * True when {@link #printResult} only writes to {@code ctx.out()} and what it writes follows from the artefact
     * alone (no option, file or clock read): the driver may then keep the printed bytes beside a cached artefact
     * and replay them, sparing the decoding of the artefact on a hit.
     */
    default boolean printDependsOnArtefactOnly() {
        return false;
    }
}
