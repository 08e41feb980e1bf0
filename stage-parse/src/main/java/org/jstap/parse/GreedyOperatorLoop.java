package org.jstap.parse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.DecisionState;
import org.antlr.v4.runtime.atn.PrecedencePredicateTransition;
import org.antlr.v4.runtime.atn.PredicateTransition;
import org.antlr.v4.runtime.atn.ParserATNSimulator;
import org.antlr.v4.runtime.atn.RuleStopState;
import org.antlr.v4.runtime.atn.RuleTransition;
import org.antlr.v4.runtime.atn.StarLoopEntryState;
import org.antlr.v4.runtime.atn.Transition;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * The prediction engine, taking the decisions that semicolon-free statements make ambiguous greedily with one or two
 * tokens of lookahead, the way stap's recursive-descent parser does.
 *
 * <p>Why: semicolons are optional, so after {@code x = 1} a following {@code +1} could also start a new statement,
 * {@code f (1)} could be {@code f} then {@code (1)}, {@code "a" "b"} two statements. The grammar is ambiguous there and
 * ANTLR, to prove the ambiguity, reads ahead to the end of the whole construct at every such token: a chain of n
 * terms or n nested calls took O(n²) (100,000 terms: minutes; 10,000 nested calls: 80 s). ANTLR resolves such an
 * ambiguity to the lowest alternative (go on, the longer match) once it has read everything, so deciding at once is
 * the same answer:
 * <ul>
 *   <li>the operator loop of {@code expr} goes on when the next token is an operator of an alternative whose
 *       precedence and predicates allow it;</li>
 *   <li>any other decision without predicates takes the alternative (a loop's body, an optional part) whose first
 *       token is next, and between several such alternatives the one whose second token follows (call
 *       {@code f(}, array {@code a[}, else the bare name).</li>
 * </ul>
 * Every other case (no alternative can start with the next token, predicates, deeper lookahead) is ANTLR's, so
 * errors are still found and located by ANTLR's own prediction.
 */
class GreedyOperatorLoop extends ParserATNSimulator {
    /** One operator-loop alternative: the token(s) it starts with and the predicates guarding it. */
    private record OperatorAlt(IntervalSet first, List<Transition> predicates) {}

    /** A decision taken by first (and second) token: per alternative, its first tokens and the state after the first. */
    private record TokenAlt(IntervalSet first, boolean nullable, ATNState afterFirst, IntervalSet second,
            IntervalSet third) {}

    private final Parser parser;
    /** Per decision: the operator alternatives of a left-recursive rule's precedence loop, else null. */
    private final List<OperatorAlt>[] operatorLoops;
    /** Per decision: how to take it by token, or null when it is left to ANTLR (computed lazily). */
    private final List<TokenAlt>[] byToken;
    private final boolean[] planned;

    @SuppressWarnings("unchecked")
    GreedyOperatorLoop(Parser parser, ParserATNSimulator base) {
        super(parser, base.atn, base.decisionToDFA, base.getSharedContextCache());
        this.parser = parser;
        int n = atn.getNumberOfDecisions();
        this.operatorLoops = new List[n];
        this.byToken = new List[n];
        this.planned = new boolean[n];
        for (int d = 0; d < n; d++) {
            DecisionState s = atn.getDecisionState(d);
            if (s instanceof StarLoopEntryState e && e.isPrecedenceDecision) operatorLoops[d] = operatorAlternatives(e);
        }
    }

    @Override
    public int adaptivePredict(TokenStream input, int decision, ParserRuleContext outerContext) {
        List<OperatorAlt> ops = operatorLoops[decision];
        if (ops != null) {
            int la = input.LA(1);
            for (OperatorAlt a : ops) {
                if (a.first.contains(la) && allow(a, outerContext)) return 1; // go on
            }
            return 2; // leave the loop
        }
        if (!planned[decision]) {
            planned[decision] = true;
            byToken[decision] = tokenPlan(atn.getDecisionState(decision));
        }
        List<TokenAlt> alts = byToken[decision];
        if (alts != null) {
            int alt = byToken(alts, input);
            if (alt > 0) return alt;
        }
        return super.adaptivePredict(input, decision, outerContext);
    }

    /** The greedy choice by one or two tokens, or 0 when that does not settle it. */
    private static int byToken(List<TokenAlt> alts, TokenStream input) {
        int la1 = input.LA(1);
        int only = 0;
        int count = 0;
        for (int i = 0; i < alts.size(); i++) {
            TokenAlt a = alts.get(i);
            if (!a.nullable && a.first.contains(la1)) {
                count++;
                if (only == 0) only = i + 1;
            }
        }
        if (count <= 1) return only; // none: ANTLR decides (an exit, or an error it locates)
        // Several alternatives start with this token: the second token chooses; a bare one takes anything else.
        int la2 = input.LA(2);
        int second = 0;
        int seconds = 0;
        int ending = 0;
        for (int i = 0; i < alts.size(); i++) {
            TokenAlt a = alts.get(i);
            if (a.nullable || !a.first.contains(la1)) continue;
            if (a.afterFirst == null) return 0;
            if (a.second.contains(la2)) {
                seconds++;
                if (second == 0) second = i + 1;
            } else if (a.second.contains(Token.EPSILON) && ending == 0) {
                ending = i + 1;
            }
        }
        if (seconds == 1) {
            // A third token the chosen alternative cannot take (f(,1)) is an error: ANTLR's prediction locates it.
            IntervalSet third = alts.get(second - 1).third;
            int la3 = input.LA(3);
            return third == null || third.contains(la3) || third.contains(Token.EPSILON) ? second : 0;
        }
        return seconds == 0 ? ending : 0;
    }

    /** The per-alternative token sets of a decision with no predicates on its alternatives' left edges, or null. */
    private List<TokenAlt> tokenPlan(DecisionState d) {
        List<TokenAlt> out = new ArrayList<>();
        for (int i = 0; i < d.getNumberOfTransitions(); i++) {
            ATNState start = d.transition(i).target;
            if (predicatesAhead(start)) return null;
            IntervalSet first = atn.nextTokens(start);
            boolean nullable = first.contains(Token.EPSILON);
            ATNState after = stateAfterFirstToken(start);
            IntervalSet second = after == null ? null : atn.nextTokens(after);
            if (after != null && predicatesAhead(after)) {
                after = null;
                second = null;
            }
            ATNState afterSecond = after == null ? null : stateAfterFirstToken(after);
            IntervalSet third = afterSecond == null ? null : atn.nextTokens(afterSecond);
            out.add(new TokenAlt(first, nullable, after, second, third));
        }
        return out;
    }

    /** True when a predicate can guard a token reachable from {@code s} without consuming one. */
    private static boolean predicatesAhead(ATNState s) {
        ArrayDeque<ATNState> work = new ArrayDeque<>();
        Set<Integer> seen = new HashSet<>();
        work.push(s);
        while (!work.isEmpty()) {
            ATNState q = work.pop();
            if (!seen.add(q.stateNumber) || q instanceof RuleStopState) continue;
            for (int i = 0; i < q.getNumberOfTransitions(); i++) {
                Transition t = q.transition(i);
                if (t instanceof PredicateTransition || t instanceof PrecedencePredicateTransition) return true;
                if (t.isEpsilon()) work.push(t.target); // rule transitions too: the callee's left edge
            }
        }
        return false;
    }

    /** The state after the alternative's first token when it is matched directly (no sub-rule, no choice), else null. */
    private static ATNState stateAfterFirstToken(ATNState s) {
        for (int guard = 0; guard < 64; guard++) {
            if (s.getNumberOfTransitions() != 1) return null;
            Transition t = s.transition(0);
            if (t instanceof RuleTransition) return null;
            if (!t.isEpsilon()) return t.target;
            s = t.target;
        }
        return null;
    }

    /** The alternatives behind a precedence loop's "go on" branch (its first transition), each up to its operator. */
    private static List<OperatorAlt> operatorAlternatives(StarLoopEntryState entry) {
        ATNState block = entry.transition(0).target; // the StarBlockStartState choosing among the operators
        List<OperatorAlt> out = new ArrayList<>();
        for (int i = 0; i < block.getNumberOfTransitions(); i++) {
            List<Transition> preds = new ArrayList<>();
            IntervalSet first = new IntervalSet();
            ATNState s = block.transition(i).target;
            // Each alternative is a straight epsilon path of predicates up to its operator token.
            for (int guard = 0; guard < 64 && s.getNumberOfTransitions() == 1; guard++) {
                Transition t = s.transition(0);
                if (t instanceof PrecedencePredicateTransition || t instanceof PredicateTransition) {
                    preds.add(t);
                } else if (t instanceof RuleTransition) {
                    break;
                } else if (!t.isEpsilon()) {
                    IntervalSet label = t.label();
                    if (label != null) first.addAll(label);
                    break;
                }
                s = t.target;
            }
            if (first.isNil()) return null; // a shape this class does not understand: leave the decision to ANTLR
            out.add(new OperatorAlt(first, preds));
        }
        return out;
    }

    private boolean allow(OperatorAlt a, ParserRuleContext ctx) {
        for (Transition t : a.predicates) {
            boolean ok = t instanceof PrecedencePredicateTransition p
                    ? parser.precpred(ctx, p.precedence)
                    : parser.sempred(ctx, ((PredicateTransition) t).ruleIndex, ((PredicateTransition) t).predIndex);
            if (!ok) return false;
        }
        return true;
    }
}
