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
}

script: decl* EOF;

decl
    : PROBE probePoints (aliasOp=(ASSIGN | ADD_ASSIGN) targets=probePoints)? block  # probeDecl
    | PRIVATE? GLOBAL globalVar (COMMA globalVar)* SEMI?                   # globalDecl
    | PRIVATE? FUNCTION declName functionType? LPAREN (param (COMMA param)*)? RPAREN
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
probePoint: component (DOT component)* pointFlag* (IF LPAREN expr RPAREN)?;
pointFlag: QUESTION | BANG;
component
    : componentName (LPAREN componentArg RPAREN)?                          # namedComponent
    | LBRACE braceAlt (COMMA braceAlt)* RBRACE                             # braceComponent
    ;
braceAlt: component (DOT component)*;
componentName: namePiece ({glued()}? namePiece)*;
namePiece: IDENT | STAR | NUMBER | keyword;
componentArg: STRING+ | signedNumber;
signedNumber: MINUS? NUMBER;

keyword
    : PROBE | GLOBAL | FUNCTION | PRIVATE | IF | ELSE | WHILE | FOR | FOREACH | IN | LIMIT | RETURN | DELETE
    | BREAK | CONTINUE | NEXT | TRY | CATCH | STRING_KW | LONG_KW
    ;

// A declared name; keywords are accepted here so that the builder can say "reserved word".
declName: IDENT | keyword;
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
    : (value=declName valueSort=sortMark? ASSIGN)? foreachKeys IN array=IDENT arraySort=sortMark?
        (LBRACK keyList RBRACK sliceSort=sortMark?)? (LIMIT limit=expr)?
    ;
foreachKeys: LBRACK foreachKey (COMMA foreachKey)* RBRACK | foreachKey;
foreachKey: declName sortMark?;
sortMark: PLUS | MINUS;

// ---- expressions, lowest precedence first (checked against stap 4.8 -p1)
expr
    : primary                                                              # primaryExpr
    | expr op=(INC | DEC)                                                  # postfixExpr
    | op=(INC | DEC) expr                                                  # prefixExpr
    | op=(MINUS | PLUS | BANG | TILDE | AMP) expr                          # unaryExpr
    | expr op=(STAR | SLASH | PERCENT) expr                                # binaryExpr
    | expr op=(PLUS | MINUS) expr                                          # binaryExpr
    | expr op=DOT expr                                                     # binaryExpr
    | expr op=(SHL | SHR | USHR) expr                                      # binaryExpr
    | expr op=(LT | LE | GT | GE | EQ | NE | MATCH | NOMATCH) expr         # binaryExpr
    | expr IN IDENT                                                         # inExpr
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
    | LPAREN expr RPAREN                                                   # parenPrimary
    | LBRACK keyList RBRACK IN IDENT                                        # multiInPrimary
    | IDENT LPAREN (expr (COMMA expr)*)? RPAREN                             # callPrimary
    | IDENT LBRACK keyList RBRACK                                           # arrayPrimary
    | IDENT                                                                # identPrimary
    | TVAR accessor* pretty?                                               # targetPrimary
    | AT_CAST LPAREN expr COMMA STRING+ (COMMA STRING+)? RPAREN accessor* pretty?  # castPrimary
    | AT_VAR LPAREN STRING+ (COMMA STRING+)? RPAREN accessor* pretty?      # atVarPrimary
    | AT_ENTRY LPAREN expr RPAREN                                          # entryPrimary
    | AT_DEFINED LPAREN expr RPAREN                                        # definedPrimary
    | statFn LPAREN expr RPAREN                                            # statPrimary
    | AT_HIST_LINEAR LPAREN expr COMMA expr COMMA expr COMMA expr RPAREN (LBRACK bucket=expr RBRACK)?  # histLinearPrimary
    | AT_HIST_LOG LPAREN expr RPAREN (LBRACK bucket=expr RBRACK)?         # histLogPrimary
    | AT_IDENT (LPAREN (expr (COMMA expr)*)? RPAREN)?                     # unknownAtPrimary
    | EMBEDDED                                                             # embeddedPrimary
    ;

literal: NUMBER | STRING+;
statFn: AT_COUNT | AT_SUM | AT_MIN | AT_MAX | AT_AVG | AT_VARIANCE;
keyList: key (COMMA key)*;
key: STAR | expr;
accessor: ARROW fieldName | LBRACK expr RBRACK;
pretty: DOLLAR | DOLLAR2;
