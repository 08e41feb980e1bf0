// The SystemTap language after preprocessing (see org.jstap.parse.Preprocessor). AstBuilder turns the parse
// tree into org.jstap.api.ast records and performs the checks a context-free grammar cannot express
// (literal ranges, lvalues, sort markers, alias shapes).
parser grammar StapParser;

options { tokenVocab = StapLexer; }

@members {
    /** True when the next token starts right where the previous one ended (probe point names are glued). */
    protected boolean glued() {
        Token prev = _input.LT(-1);
        Token next = _input.LT(1);
        return prev != null && next != null && next.getTokenSource() == prev.getTokenSource()
                && next.getStartIndex() == prev.getStopIndex() + 1;
    }

    /** 'k in arr' binds looser than arithmetic and comparison, yet takes only a name: 'k in a + 1' stops at 'a'. */
    protected boolean notAfterIn() {
        return _input.LA(-2) != IN;
    }

    protected boolean notAfterIncDec() {
        int prev = _input.LA(-1);
        return prev != INC && prev != DEC;
    }

    /**
     * True when the '{' ahead opens brace alternatives ({a,b}, {a!,b}, {a if (c),b}) rather than a probe body:
     * a comma at its own nesting level before the matching '}', with only probe-point tokens in between (an
     * alternative's condition is skipped over as a whole).
     */
    protected boolean braceAlternatives() {
        if (_input.LA(-1) == DOT) return true; // no body follows a '.': kernel.{function("a")} is one alternative
        int depth = 0;
        for (int i = 1; ; i++) {
            int t = _input.LA(i);
            switch (t) {
                case LBRACE: depth++; break;
                case RBRACE: if (--depth == 0) return false; break;
                case COMMA: if (depth == 1) return true; break;
                case IF:
                    if (depth == 0 || _input.LA(i + 1) != LPAREN) return false;
                    i++;
                    for (int parens = 1; parens > 0; ) {
                        int u = _input.LA(++i);
                        if (u == EOF) return false;
                        if (u == LPAREN) parens++;
                        else if (u == RPAREN) parens--;
                    }
                    break;
                case IDENT: case STAR: case NUMBER: case DOT: case STRING: case LPAREN: case RPAREN: case MINUS:
                case QUESTION: case BANG: break;
                default:
                    if (t >= PROBE && t <= LONG_KW) break;
                    return false;
            }
        }
    }
}

script: decl* EOF;

decl
    // 'probe a = b { prologue }, { epilogue }': an alias with both bodies (used throughout stap's syscall tapsets).
    : PROBE probePoints (aliasOp=(ASSIGN | ADD_ASSIGN) targets=probePoints)? block (COMMA epilogue=block)?  # probeDecl
    // 'private x' is a private global too.
    | (PRIVATE GLOBAL? | GLOBAL) globalVar (COMMA globalVar)* SEMI?        # globalDecl
    // '(' then ')' or parameters: written so a keyword after '(' is "a name expected", not "')' expected".
    | PRIVATE? FUNCTION declName functionType? LPAREN (RPAREN | param (COMMA param)* RPAREN)
        (COLON priority=signedNumber)? functionBody                       # functionDecl
    | EMBEDDED                                                             # embeddedDecl
    ;

globalVar: declName PERCENT? (LBRACK NUMBER RBRACK)? (ASSIGN globalInit)?;
globalInit: expr;

functionType: COLON typeName;
typeName: LONG_KW | STRING_KW | IDENT;
param: declName functionType?;
functionBody: block | EMBEDDED;

// ---- probe points
probePoints: probePoint (COMMA probePoint)*;
probePoint: component (DOT component)* pointFlag? (IF LPAREN expr RPAREN)?;
pointFlag: QUESTION | BANG;
component
    : componentName (LPAREN componentArg RPAREN)?                          # namedComponent
    | {braceAlternatives()}? LBRACE braceAlt (COMMA braceAlt)* RBRACE      # braceComponent
    ;
braceAlt: component (DOT component)* pointFlag? (IF LPAREN expr RPAREN)?;
componentName: namePiece ({glued()}? namePiece)*;
namePiece: IDENT | STAR | NUMBER | keyword;
componentArg: STRING+ | signedNumber;
signedNumber: MINUS? NUMBER;

keyword
    : PROBE | GLOBAL | FUNCTION | PRIVATE | IF | ELSE | WHILE | FOR | FOREACH | IN | LIMIT | RETURN | DELETE
    | BREAK | CONTINUE | NEXT | TRY | CATCH | STRING_KW | LONG_KW
    ;

// A declared name (a keyword here is reported as a reserved word by SyntaxErrors).
declName: IDENT;
// A structure field after '->' ('next' is a keyword but a common field name).
fieldName: IDENT | keyword;

// ---- statements
block: LBRACE statement* RBRACE;

statement
    : block                                                                # blockStmt
    | SEMI                                                                 # emptyStmt
    | IF LPAREN expr RPAREN statement (ELSE statement)?                    # ifStmt
    | WHILE LPAREN expr RPAREN statement                                   # whileStmt
    | FOR LPAREN init=expr? SEMI cond=expr? SEMI step=expr? RPAREN statement  # forStmt
    | FOREACH LPAREN foreachHead RPAREN statement                          # foreachStmt
    | DELETE expr SEMI?                                                    # deleteStmt
    | RETURN expr? SEMI?                                                   # returnStmt
    | BREAK SEMI?                                                          # breakStmt
    | CONTINUE SEMI?                                                       # continueStmt
    | NEXT SEMI?                                                           # nextStmt
    | TRY block CATCH (LPAREN declName RPAREN)? block                          # tryStmt
    | expr SEMI?                                                           # exprStmt
    ;

foreachHead
    // 'v = [k] in a' or '[k] in a'; AstBuilder checks that a value variable is a single bare name.
    : foreachKeys (ASSIGN keys=foreachKeys)? IN array=IDENT arraySort=sortMark?
        (LBRACK keyList RBRACK)? (sliceSort=sortMark | statFn statSort=sortMark)? (LIMIT limit=expr)?
    ;
foreachKeys: LBRACK foreachKey (COMMA foreachKey)* RBRACK | foreachKey;
foreachKey: declName sortMark?;
sortMark: PLUS | MINUS;

// ---- expressions, lowest precedence first (checked against stap 4.8 -p1)
expr
    : primary                                                              # primaryExpr
    // One postfix ++/-- at most, as in stap: 'x++ ++y' is two statements.
    | expr {notAfterIncDec()}? op=(INC | DEC)                              # postfixExpr
    // 'p->field' on any expression with a known type (stap's autocast): a Cast with an empty type. Not on
    // 'k in a' (stap 4.8: '1 in a->b' is "expected ')'" at the '->').
    | expr {notAfterIncDec() && notAfterIn()}? ARROW fieldName accessor* pretty?  # autocastExpr
    | op=(INC | DEC) expr                                                  # prefixExpr
    | op=(MINUS | PLUS | BANG | TILDE | AMP) expr                          # unaryExpr
    | expr {notAfterIn()}? op=(STAR | SLASH | PERCENT) expr                                # binaryExpr
    | expr {notAfterIn()}? op=(PLUS | MINUS) expr                                          # binaryExpr
    | expr {notAfterIn()}? op=DOT expr                                                     # binaryExpr
    | expr {notAfterIn()}? op=(SHL | SHR | USHR) expr                                      # binaryExpr
    | expr {notAfterIn()}? op=(LT | LE | GT | GE | EQ | NE | MATCH | NOMATCH) expr         # binaryExpr
    | expr {notAfterIn()}? IN IDENT                                                         # inExpr
    | expr op=AMP expr                                                     # binaryExpr
    | expr op=CARET expr                                                   # binaryExpr
    | expr op=PIPE expr                                                    # binaryExpr
    | expr op=ANDAND expr                                                  # binaryExpr
    | expr op=OROR expr                                                    # binaryExpr
    | <assoc = right> expr QUESTION expr COLON expr                        # ternaryExpr
    | <assoc = right> expr op=(ASSIGN | ADD_ASSIGN | SUB_ASSIGN | MUL_ASSIGN | DIV_ASSIGN | MOD_ASSIGN
        | SHL_ASSIGN | SHR_ASSIGN | AND_ASSIGN | OR_ASSIGN | XOR_ASSIGN | CONCAT_ASSIGN | AGG) expr  # assignExpr
    ;

primary
    : literal                                                              # literalPrimary
    // '(p)[i]' and 'f(x)[i]' index an autocast value; only after ')' so that 'a[i]' stays an array (LL(1)).
    | LPAREN expr RPAREN indexSuffix*                                      # parenPrimary
    | LBRACK keyList RBRACK IN IDENT                                        # multiInPrimary
    | IDENT LPAREN (expr (COMMA expr)*)? RPAREN indexSuffix*               # callPrimary
    // 'a[1][2]' parses (as stap does) as '(a[1])[2]'; pass 2 refuses indexing the untyped element.
    | IDENT LBRACK keyList RBRACK indexSuffix*                             # arrayPrimary
    | IDENT                                                                # identPrimary
    | TVAR accessor* pretty?                                               # targetPrimary
    // The @-operators take any argument list here; AstBuilder checks the count and kinds (parse.bad.at.operator).
    | AT_CAST atArgs accessor* pretty?                                     # castPrimary
    | AT_VAR atArgs accessor* pretty?                                      # atVarPrimary
    | AT_ENTRY atArgs                                                      # entryPrimary
    | AT_DEFINED atArgs                                                    # definedPrimary
    | statFn atArgs                                                        # statPrimary
    | (AT_HIST_LINEAR | AT_HIST_LOG) atArgs (LBRACK bucket=expr RBRACK)?  # histPrimary
    | AT_IDENT atArgs?                                                     # unknownAtPrimary
    | EMBEDDED                                                             # embeddedPrimary
    ;

indexSuffix: LBRACK expr RBRACK;
atArgs: LPAREN (expr (COMMA expr)*)? RPAREN;
literal: NUMBER | STRING+;
statFn: AT_COUNT | AT_SUM | AT_MIN | AT_MAX | AT_AVG | AT_VARIANCE;
keyList: key (COMMA key)*;
key: STAR | expr;
accessor: ARROW fieldName | LBRACK expr RBRACK;
pretty: DOLLAR | DOLLAR2;
