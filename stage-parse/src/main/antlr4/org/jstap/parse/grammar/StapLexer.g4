// Tokens of the SystemTap language, including the preprocessor's (%( %? %: %), @define, $1, @1, $#, @#),
// which org.jstap.parse.Preprocessor consumes before the parser sees the stream.
lexer grammar StapLexer;

// ---- keywords (reserved: never names)
PROBE: 'probe';
GLOBAL: 'global';
FUNCTION: 'function';
PRIVATE: 'private';
IF: 'if';
ELSE: 'else';
WHILE: 'while';
FOR: 'for';
FOREACH: 'foreach';
IN: 'in';
LIMIT: 'limit';
RETURN: 'return';
DELETE: 'delete';
BREAK: 'break';
CONTINUE: 'continue';
NEXT: 'next';
TRY: 'try';
CATCH: 'catch';
STRING_KW: 'string';
LONG_KW: 'long';

// ---- @-operators of the language
AT_COUNT: '@count';
AT_SUM: '@sum';
AT_MIN: '@min';
AT_MAX: '@max';
AT_AVG: '@avg';
AT_VARIANCE: '@variance';
AT_HIST_LINEAR: '@hist_linear';
AT_HIST_LOG: '@hist_log';
AT_ENTRY: '@entry';
AT_CAST: '@cast';
AT_DEFINED: '@defined';
AT_VAR: '@var';
AT_DEFINE: '@define';

// ---- preprocessor
PP_OPEN: '%(';
PP_THEN: '%?';
PP_ELSE: '%:';
PP_CLOSE: '%)';
// Unterminated when the text does not end in '%}' (checked by the preprocessor).
EMBEDDED: '%{' .*? ('%}' | EOF);
ARG_COUNT_NUM: '$#';
ARG_COUNT_STR: '@#';
ARG_NUM: '$' [0-9]+;
ARG_STR: '@' [0-9]+;

// ---- names and literals
// Names may contain '$' after their first character (a$b); a trailing '$' or '$$' on a target variable or field
// is the pretty-print suffix, which AstBuilder splits off.
TVAR: '$'+ [a-zA-Z_] [a-zA-Z0-9_$]*;
DOLLAR2: '$$';
DOLLAR: '$';
AT_IDENT: '@' [a-zA-Z_] [a-zA-Z0-9_]*;
IDENT: [a-zA-Z_] [a-zA-Z0-9_$]*;
// Like stap, a number runs over letters and digits ('1a', '0x1f', '09'; not '_'); the builder validates it.
NUMBER: [0-9] [a-zA-Z0-9]*;
// Unterminated when the closing quote is missing (checked by the preprocessor).
STRING: '"' ('\\' ~[\r\n] | ~["\\\r\n])* '"'?;

// ---- operators
AGG: '<<<';
USHR: '>>>';
SHL_ASSIGN: '<<=';
SHR_ASSIGN: '>>=';
SHL: '<<';
SHR: '>>';
LE: '<=';
GE: '>=';
LT: '<';
GT: '>';
EQ: '==';
NE: '!=';
MATCH: '=~';
NOMATCH: '!~';
ANDAND: '&&';
OROR: '||';
ARROW: '->';
INC: '++';
DEC: '--';
ADD_ASSIGN: '+=';
SUB_ASSIGN: '-=';
MUL_ASSIGN: '*=';
DIV_ASSIGN: '/=';
MOD_ASSIGN: '%=';
AND_ASSIGN: '&=';
OR_ASSIGN: '|=';
XOR_ASSIGN: '^=';
CONCAT_ASSIGN: '.=';
ASSIGN: '=';
PLUS: '+';
MINUS: '-';
STAR: '*';
SLASH: '/';
PERCENT: '%';
AMP: '&';
PIPE: '|';
CARET: '^';
TILDE: '~';
BANG: '!';
QUESTION: '?';
COLON: ':';
SEMI: ';';
COMMA: ',';
DOT: '.';
LPAREN: '(';
RPAREN: ')';
LBRACE: '{';
RBRACE: '}';
LBRACK: '[';
RBRACK: ']';

// ---- ignored text ('#' comments also cover a '#!' first line)
LINE_COMMENT: ('#' | '//') ~[\n]* -> skip;
// Unterminated when the text does not end in '*/' (checked by the preprocessor).
BLOCK_COMMENT: '/*' .*? ('*/' | EOF) -> channel(HIDDEN);
WS: [ \t\r\n\f\u000B]+ -> skip;
BAD_CHAR: .;
