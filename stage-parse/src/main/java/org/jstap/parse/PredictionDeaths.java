package org.jstap.parse;

import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATNConfig;
import org.antlr.v4.runtime.atn.ATNConfigSet;
import org.antlr.v4.runtime.atn.ParserATNSimulator;
import org.antlr.v4.runtime.atn.Transition;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * The prediction engine, remembering where its lookahead last ran into a token no alternative accepts.
 *
 * <p>Why: when every alternative of a loop decision dies a few tokens ahead, ANTLR quietly takes the loop's exit and
 * the mismatch surfaces at the decision's first token: in <code>(1 + &#125;</code> the error lands on {@code +}
 * ("expected ')'") although the mistake is the <code>&#125;</code> where the right operand should be. {@link SyntaxErrors}
 * asks this class where the lookahead died and what it could have accepted there, and reports that instead.
 */
final class PredictionDeaths extends GreedyOperatorLoop {
    /** Where a decision that started at {@code start} found no viable continuation: at {@code dead}. */
    record Death(int start, Token dead, IntervalSet expected) {}

    private Death last;

    PredictionDeaths(Parser parser, ParserATNSimulator base) {
        super(parser, base);
    }

    /** The last recorded death of a decision that started at token index {@code start}, or null. */
    Death startingAt(int start) {
        return last != null && last.start == start ? last : null;
    }

    @Override
    protected NoViableAltException noViableAlt(TokenStream input, ParserRuleContext outerContext,
            ATNConfigSet configs, int startIndex) {
        NoViableAltException e = super.noViableAlt(input, outerContext, configs, startIndex);
        last = new Death(startIndex, input.LT(1), acceptable(configs));
        return e;
    }

    /** The tokens the configurations still alive before the dead token could have matched next. */
    private static IntervalSet acceptable(ATNConfigSet configs) {
        IntervalSet out = new IntervalSet();
        if (configs == null) return out;
        for (ATNConfig c : configs) {
            for (int i = 0; i < c.state.getNumberOfTransitions(); i++) {
                Transition t = c.state.transition(i);
                if (t.isEpsilon()) continue;
                IntervalSet label = t.label();
                if (label != null) out.addAll(label);
            }
        }
        return out;
    }
}
