package org.jstap.api.artefact;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over a sequence of parts; each part is length-prefixed so ("ab","c") and ("a","bc") differ. */
public final class Hashes {
    private final MessageDigest md;

    private Hashes() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Hashes start() {
        return new Hashes();
    }

    public Hashes add(String part) {
        return add(part == null ? new byte[] {(byte) 0xff} : org.jstap.api.ScriptBytes.encode(part)); // raw script bytes hash as themselves
    }

    public Hashes add(byte[] part) {
        long n = part.length;
        byte[] length = new byte[8]; // little-endian, as it always was: one update instead of eight
        for (int i = 0; i < 8; i++) length[i] = (byte) (n >>> (8 * i));
        md.update(length);
        md.update(part);
        return this;
    }

    public String hex() {
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256(String... parts) {
        Hashes h = start();
        for (String p : parts) h.add(p);
        return h.hex();
    }
}
