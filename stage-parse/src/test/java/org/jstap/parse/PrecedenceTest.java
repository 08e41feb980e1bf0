package org.jstap.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.Stmt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Precedence and associativity, checked against what stap 4.8 -p1 prints for the same input. */
class PrecedenceTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        "a = 1 + 2 * 3 => (a) = ((1) + ((2) * (3)))",
        "a = (1 + 2) * 3 => (a) = (((1) + (2)) * (3))",
        "a - b - c => ((a) - (b)) - (c)",
        "a / b * c % d => (((a) / (b)) * (c)) % (d)",
        "a < b == c => ((a) < (b)) == (c)",
        "a == b < c => ((a) == (b)) < (c)",
        "a << b . c => (a) << ((b) . (c))",
        "a . b << c => ((a) . (b)) << (c)",
        "a >> b >>> c => ((a) >> (b)) >>> (c)",
        "a . b + c => (a) . ((b) + (c))",
        "a || b && c => (a) || ((b) && (c))",
        "a && b || c => ((a) && (b)) || (c)",
        "a | b ^ c & d => (a) | ((b) ^ ((c) & (d)))",
        "a & b == c => (a) & ((b) == (c))",
        "-a * !b => (-(a)) * (!(b))",
        "~a + &b => (~(a)) + (&(b))",
        "a = b = c => (a) = ((b) = (c))",
        "a += b -= c => (a) += ((b) -= (c))",
        "a .= b . c => (a) .= ((b) . (c))",
        "x = a ? b : c ? d : e => (x) = ((a) ? (b) : ((c) ? (d) : (e)))",
        "y = a ? b = 1 : c => (y) = ((a) ? ((b) = (1)) : (c))",
        "x <<< 1 + 2 => (x) <<< ((1) + (2))",
        "a = b < c in d => (a) = ([(b) < (c)] in d)",
        "a = b || c in d => (a) = ((b) || ([c] in d))",
        "a = b & c in d => (a) = ((b) & ([c] in d))",
        "a = b . c in d => (a) = ([(b) . (c)] in d)",
        "a = b in c ? 1 : 2 => (a) = (([b] in c) ? (1) : (2))",
        "a = b in c | 1 => (a) = (([b] in c) | (1))",
        "a = -b in c => (a) = ([-(b)] in c)",
        "a = b++ in c => (a) = ([(b)++] in c)",
        "a = - - b => (a) = (-(-(b)))",
        "a = -b++ => (a) = (-((b)++))",
        "a = ++b => (a) = (++(b))",
        "a = 3 - -2 => (a) = ((3) - (-(2)))",
        "a = !!b => (a) = (!(!(b)))",
        "a = b =~ \"x\" && c !~ \"y\" => (a) = (((b) =~ \"x\") && ((c) !~ \"y\"))",
        "a = @avg(x) + @min(x) * @max(x) - @variance(x) => (a) = (((@avg(x)) + ((@min(x)) * (@max(x)))) - (@variance(x)))",
        "w = (a = 1) + 2 => (w) = (((a) = (1)) + (2))",
        "a = [b, c] in d && e => (a) = (([b, c] in d) && (e))",
    })
    void printsLikeStap(String source, String expected) {
        assertEquals(expected, Parsing.printed(source));
    }

    @Test
    void inTakesOnlyAnArrayNameSoArithmeticStartsANewStatement() {
        List<Stmt> b = Parsing.body("n = a in b + 1");
        assertEquals(2, b.size());
        assertEquals("(n) = ([a] in b)", ScriptPrinter.print(((Stmt.ExprStmt) b.get(0)).expr()));
        assertEquals("+(1)", ScriptPrinter.print(((Stmt.ExprStmt) b.get(1)).expr()));
    }

    @Test
    void onePostfixOperatorThenANewStatement() {
        List<Stmt> b = Parsing.body("x++ ++x\n arr[1]--\n --y");
        assertEquals(4, b.size());
        Expr.IncDec first = (Expr.IncDec) ((Stmt.ExprStmt) b.get(0)).expr();
        assertEquals(false, first.prefix());
        assertEquals(true, ((Expr.IncDec) ((Stmt.ExprStmt) b.get(1)).expr()).prefix());
        assertInstanceOf(Expr.ArrayRef.class, ((Expr.IncDec) ((Stmt.ExprStmt) b.get(2)).expr()).target());
    }

    @Test
    void ternaryElseBindsTighterThanAssignment() {
        // stap: (x) = (((a)?(b):(c)) = (d)); the assignment to a ternary is then not an lvalue.
        assertEquals(List.of(org.jstap.api.diag.Codes.PARSE_EXPECTED_LVALUE), Parsing.errors("probe begin { x = a ? b : c = d }"));
    }

    /** 150 random expressions, each compared with what stap 4.8 -p1 printed for it (golden file). */
    @Test
    void randomExpressionsMatchStap() throws Exception {
        String golden;
        try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream("golden/precedence-stap48.txt")) {
            golden = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        int checked = 0;
        for (String line : golden.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) continue;
            int sep = line.lastIndexOf(" => ");
            String source = line.substring(0, sep);
            String expected = line.substring(sep + 4);
            Parsing.Result r = Parsing.run("probe begin {\n" + source + "\n}\n");
            String actual;
            if (r.file() == null) {
                actual = "ERR";
            } else {
                StringBuilder b = new StringBuilder();
                for (Stmt st : ((org.jstap.api.ast.Decl.Probe) r.file().decls().get(0)).body().body()) b.append(ScriptPrinter.print(st));
                actual = b.toString().replace(" ", "").replace(";", "");
            }
            assertEquals(expected, actual, source);
            checked++;
        }
        assertEquals(150, checked);
    }
}
