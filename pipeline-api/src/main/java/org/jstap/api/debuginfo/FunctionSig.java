package org.jstap.api.debuginfo;

import java.util.List;

/** A probe-able function or tracepoint: its name, return type id and named parameters. */
public record FunctionSig(String name, int returnType, List<CType.Param> params) {
    public FunctionSig { params = List.copyOf(params); }
}
