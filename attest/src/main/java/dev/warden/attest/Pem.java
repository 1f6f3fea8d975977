package dev.warden.attest;

import dev.warden.core.WardenException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM armour (RFC 7468): one labelled block of base64, 64 characters a line. */
final class Pem {
    private static final int LINE = 64;

    private Pem() {}

    /** One decoded block and its label. */
    record Block(String label, byte[] der) {}

    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(LINE, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** The first PEM block of {@code text}; {@code what} names the file in errors. */
    static Block decode(String text, String what) {
        int begin = text.indexOf("-----BEGIN ");
        if (begin < 0) {
            throw new WardenException(what + ": not a PEM file (no -----BEGIN line)");
        }
        int labelEnd = text.indexOf("-----", begin + 11);
        if (labelEnd < 0) {
            throw new WardenException(what + ": malformed PEM BEGIN line");
        }
        String label = text.substring(begin + 11, labelEnd);
        String endLine = "-----END " + label + "-----";
        int end = text.indexOf(endLine, labelEnd + 5);
        if (end < 0) {
            throw new WardenException(what + ": PEM block '" + clip(label) + "' has no END line");
        }
        String body = text.substring(labelEnd + 5, end).replaceAll("\\s+", "");
        try {
            return new Block(label, Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException e) {
            throw new WardenException(what + ": PEM block '" + clip(label) + "' is not valid base64");
        }
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
