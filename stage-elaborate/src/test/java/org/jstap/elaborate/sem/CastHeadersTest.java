package org.jstap.elaborate.sem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CastHeadersTest {
    @Test
    void headerSequencesParseAsStapWritesThem() {
        assertEquals(List.of("sys/un.h"), CastHeaders.parseHeaders("<sys/un.h>"));
        assertEquals(List.of("sys/types.h", "sys/un.h"), CastHeaders.parseHeaders("<sys/types.h><sys/un.h>"));
        assertNull(CastHeaders.parseHeaders("kernel"));
        assertNull(CastHeaders.parseHeaders("<sys/un.h"));
        assertNull(CastHeaders.parseHeaders("<>"));
    }
}
