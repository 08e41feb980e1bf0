package org.jstap.api.ir;

import java.util.List;
import org.jstap.api.debuginfo.DebugInfo;

/**
 * What a {@link org.jstap.api.spi.ProbeProvider} makes of one concrete probe point, before the body is
 * elaborated: the canonical text ({@code kernel.function("vfs_read").return}), the function {@code ppfunc()}
 * reports ("" if none), the {@link IrSite}, and the target variables available there with where each lives.
 * {@code debugInfo} types the variables (null when there are none); {@code returnType} is the C type id of
 * {@code $return} in return probes, else null. {@code mark} is set at a static marker
 * ({@code process(...).mark(...)}): its provider, name and arguments, which need no debug info. Which backends
 * can fire the point is theirs to say ({@link org.jstap.api.spi.Backend#supports(IrSite)}).
 */
public record ResolvedPoint(String point, String function, IrSite site, List<TargetVarDef> vars,
                            DebugInfo debugInfo, Integer returnType, boolean userSpace, Mark mark) {
    public ResolvedPoint {
        vars = List.copyOf(vars);
    }

    public ResolvedPoint(String point, String function, IrSite site, List<TargetVarDef> vars, DebugInfo debugInfo,
                         Integer returnType, boolean userSpace) {
        this(point, function, site, vars, debugInfo, returnType, userSpace, null);
    }

    /**
     * A static marker's {@code $$provider}, {@code $$name} and {@code $arg1..$argN}: each argument's plan, or null
     * when the note spells it in a way jstap cannot read ({@code argErrors} says why, same index). A PLT stub
     * ({@code process(...).plt("NAME")}) has one too, with its function's name, no provider and no arguments.
     */
    public record Mark(String provider, String name, List<TargetAccess> args, List<String> argErrors) {
        public Mark {
            args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
            argErrors = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(argErrors));
        }
    }

    /**
     * A {@code $name} available at a point: its C type id in {@code debugInfo} and its source. From DWARF (a
     * source line, an inlined copy): {@code inMemory} when the source gives the variable's address rather than its
     * value, {@code local} for a local variable (not in {@code $$parms}), and {@code unavailable} (else null) saying
     * why a variable in scope has no location at this address (a use is then an error, {@code $$vars} shows ?).
     */
    public record TargetVarDef(String name, int type, TargetAccess.Source source, boolean inMemory, boolean local,
                               String unavailable) {
        /** How {@code unavailable} starts when DWARF has no location for the variable at this address. */
        public static final String NOT_ACCESSIBLE = "not accessible at this address";

        public TargetVarDef(String name, int type, TargetAccess.Source source) {
            this(name, type, source, false, false, null);
        }

        /**
         * Whether {@code -L} lists it: stap lists a variable whose location covers the address even when it cannot
         * evaluate that location (an entry value), not one without a location there.
         */
        public boolean listed() {
            return unavailable == null || !unavailable.startsWith(NOT_ACCESSIBLE);
        }
    }
}
