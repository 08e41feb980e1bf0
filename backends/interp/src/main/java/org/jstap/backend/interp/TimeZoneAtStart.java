package org.jstap.backend.interp;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.TimeZone;

/** The JVM's time zone when the interpreter started: offset east of UTC in seconds and its abbreviation. */
final class TimeZoneAtStart {
    static final long OFFSET_EAST;
    static final String NAME;

    static {
        ZoneId z = ZoneId.systemDefault();
        Instant now = Instant.now();
        OFFSET_EAST = z.getRules().getOffset(now).getTotalSeconds();
        boolean dst = z.getRules().isDaylightSavings(now);
        String n = TimeZone.getTimeZone(z).getDisplayName(dst, TimeZone.SHORT, Locale.ROOT);
        // Java names UTC's zones "UTC" and unnamed offsets "GMT+hh:mm"; glibc calls the latter by the offset too
        NAME = n;
    }

    private TimeZoneAtStart() {}
}
