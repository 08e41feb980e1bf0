package org.jstap.api.ir;

import org.jstap.api.artefact.JsonCodec;

/** The codec of {@code ir.json}. */
public final class IrCodec {
    private IrCodec() {}

    public static final JsonCodec<IrArtefact> IR = new JsonCodec<>(IrArtefact.class, IrArtefact.KIND,
            IrArtefact.FILE, IrArtefact.FORMAT_VERSION, IrExpr.class, IrStmt.class, IrSite.class,
            TargetAccess.class, Format.class, IrFunction.class);
}
