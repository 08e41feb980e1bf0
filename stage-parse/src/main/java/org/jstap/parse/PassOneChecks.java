package org.jstap.parse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.Token;
import org.jstap.api.ast.Decl;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.parse.grammar.StapLexer;

/**
 * What stap 4.8 refuses already in pass 1 of a user's file (measured with {@code stap -p1}), so that {@code -p1}
 * refuses it too: two globals of one name in the file ("duplicate global name"), and embedded C anywhere in it
 * without {@code -g} ("embedded code in unprivileged script"). Pass 2 keeps the same checks for an AST that comes
 * from elsewhere ({@code --from}) and for names that clash across files.
 */
final class PassOneChecks {
    private PassOneChecks() {}

    static void check(String file, List<Token> tokens, List<Decl> decls, boolean guru, Reporter diags) {
        Map<String, Decl.Global> globals = new HashMap<>();
        for (Decl d : decls) {
            if (!(d instanceof Decl.Global g)) continue;
            Decl.Global first = globals.putIfAbsent(g.name(), g);
            if (first != null) {
                diags.report(Diagnostic.error(Codes.SEM_DUPLICATE, g.span(), "duplicate global '" + g.name() + "'")
                        .withRelated(first.span(), "first declared here"));
            }
        }
        if (guru) return;
        for (Token t : tokens) { // %{ ... %} at the top level, as a function body or as an expression
            if (!Tokens.file(t).equals(file)) continue; // not a macro library's
            if (t.getType() == StapLexer.EMBEDDED) {
                diags.report(Diagnostic.error(Codes.SEM_EMBEDDED_NEEDS_GURU, Tokens.span(t), "embedded C code needs guru mode")
                        .withHint("run with -g"));
            } else if (t.getType() == StapLexer.AT_IDENT
                    && (t.getText().equals("@kregister") || t.getText().equals("@uregister"))) {
                // stap 4.8 checks these raw register reads in pass 1: "using @kregister operator not permitted"
                diags.report(Diagnostic.error(Codes.SEM_EMBEDDED_NEEDS_GURU, Tokens.span(t), "using " + t.getText()
                        + " operator not permitted without guru mode").withHint("run with -g"));
            }
        }
    }
}
