package org.jstap.backend.interp;

import java.util.Arrays;

/** The locals of one probe handler or function call, by IR slot, and its return value. */
final class Frame {
    final long[] l;
    final String[] s;
    final Hit h;
    long retL;
    String retS = "";

    Frame(int size, Hit h) {
        this.l = new long[size];
        this.s = new String[size];
        Arrays.fill(s, "");
        this.h = h;
    }
}
