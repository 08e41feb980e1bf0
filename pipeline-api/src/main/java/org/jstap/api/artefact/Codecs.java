package org.jstap.api.artefact;

import org.jstap.api.ast.Decl;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.Stmt;

/** The codecs of the shared artefacts. */
public final class Codecs {
    private Codecs() {}

    public static final JsonCodec<AstArtefact> AST = new JsonCodec<>(AstArtefact.class, AstArtefact.KIND,
            AstArtefact.FILE, AstArtefact.FORMAT_VERSION, Decl.class, Stmt.class, Expr.class, Decl.Body.class);
}
