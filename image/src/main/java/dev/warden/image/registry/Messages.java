package dev.warden.image.registry;

/** Keeps text that came from the network or the user to one short printable line in error messages. */
final class Messages {
    /** Longer server text is cut: an error line must stay readable, and a hostile server chooses the text. */
    static final int MAX_QUOTED_CHARS = 200;

    private Messages() {}

    static String clip(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > MAX_QUOTED_CHARS ? clean.substring(0, MAX_QUOTED_CHARS) + "..." : clean;
    }
}
