package org.jstap.api.ast;

/** Operator vocabularies of the language, each with its source spelling. */
public final class Ops {
    private Ops() {}

    public enum BinaryOp {
        MUL("*"), DIV("/"), MOD("%"), ADD("+"), SUB("-"), CONCAT("."),
        SHL("<<"), SHR(">>"), USHR(">>>"),
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!="), MATCH("=~"), NOMATCH("!~"),
        BITAND("&"), BITXOR("^"), BITOR("|"), AND("&&"), OR("||");

        public final String symbol;
        BinaryOp(String symbol) { this.symbol = symbol; }
    }

    public enum UnaryOp {
        NEG("-"), PLUS("+"), NOT("!"), BITNOT("~"), ADDRESS("&");

        public final String symbol;
        UnaryOp(String symbol) { this.symbol = symbol; }
    }

    public enum AssignOp {
        ASSIGN("="), ADD("+="), SUB("-="), MUL("*="), DIV("/="), MOD("%="), SHL("<<="), SHR(">>="),
        AND("&="), XOR("^="), OR("|="), CONCAT(".=");

        public final String symbol;
        AssignOp(String symbol) { this.symbol = symbol; }
    }

    /** The scalar extractors over a statistic: {@code @count(s)} and friends. */
    public enum StatFn {
        COUNT("@count"), SUM("@sum"), MIN("@min"), MAX("@max"), AVG("@avg"), VARIANCE("@variance");

        public final String symbol;
        StatFn(String symbol) { this.symbol = symbol; }
    }

    public enum HistKind {
        LINEAR("@hist_linear"), LOG("@hist_log");

        public final String symbol;
        HistKind(String symbol) { this.symbol = symbol; }
    }

    /** The one-argument {@code @}-operators with no node shape of their own ({@link Expr.AtOperator}). */
    public enum AtOp {
        CONST("@const"), PROBEWRITE("@probewrite"), KREGISTER("@kregister"), UREGISTER("@uregister"), PERF("@perf");

        public final String symbol;
        AtOp(String symbol) { this.symbol = symbol; }

        /** The operator spelled {@code symbol} (with its '@'), or null. */
        public static AtOp bySymbol(String symbol) {
            for (AtOp op : values()) if (op.symbol.equals(symbol)) return op;
            return null;
        }
    }

    /** Declared types of function parameters and return values. */
    public enum TypeName {
        LONG("long"), STRING("string");

        public final String symbol;
        TypeName(String symbol) { this.symbol = symbol; }
    }
}
