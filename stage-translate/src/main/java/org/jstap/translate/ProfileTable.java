package org.jstap.translate;

import org.jstap.api.ir.IrProbe;

/** {@code timer.profile} (jst_profile.c): a per-CPU tick timer per probe. */
final class ProfileTable extends SiteTable {
    ProfileTable() {
        super("jst_profile_probe", "jt_profiles", "profiles", "nprofiles", "JST_NEED_PROFILE", true);
    }

    void add(IrProbe p) {
        rows.add("{ .probe = " + desc(p) + " }");
    }
}
