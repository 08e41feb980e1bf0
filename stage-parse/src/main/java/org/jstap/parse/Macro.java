package org.jstap.parse;

import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * One {@code @define name(a, b) %( body %)}: the body's raw tokens are kept unexpanded and expanded at each use.
 * {@code hasParens} distinguishes {@code @define f() %(...%)} (called as {@code @f()}) from {@code @define f %(...%)}.
 */
record Macro(String name, List<String> params, boolean hasParens, List<Token> body, Token definedAt) {
    Macro {
        params = List.copyOf(params);
        body = List.copyOf(body);
    }
}
