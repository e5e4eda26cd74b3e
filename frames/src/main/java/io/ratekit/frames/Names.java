package io.ratekit.frames;

/**
 * What a name may be where CloudKitty stores a {@code String(255)}: a metric type, and the hashmap
 * service, field and group names that must equal metric types and metadata keys for a rule to
 * price anything. Any text of 1 to 255 characters (Unicode code points), in any language, with
 * inner spaces and any punctuation ({@code display name}, {@code région}, {@code licence/windows});
 * names are compared exactly: case-sensitive, no Unicode normalisation, no trimming.
 *
 * <p>Refused on purpose, where CloudKitty would store them: control characters (a newline or a tab
 * in a key nobody can see or type; PostgreSQL cannot store NUL at all), unpaired UTF-16 surrogates
 * (not text), and whitespace at the start or the end, which makes a rule silently never match a
 * metadata key written without it. Each refusal quotes the name.
 */
public final class Names {

    public static final int MAX_LENGTH = 255;
    /** A longer name is quoted only this far in error messages: enough to recognise it. */
    private static final int QUOTED_LENGTH = 300;

    private Names() {
    }

    /** Why {@code name} is not a valid name, quoting it; null when it is valid. */
    public static String problem(String name) {
        if (name == null) {
            return "is required";
        }
        if (name.isBlank()) {
            return "must not be blank, got " + quote(name);
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, got " + length + ": " + quote(name);
        }
        int position = 1;
        for (int i = 0; i < name.length(); position++) {
            int c = name.codePointAt(i);
            if (Character.getType(c) == Character.CONTROL) {
                return "must not contain control characters (U+%04X at character %d), got %s".formatted(c, position, quote(name));
            }
            if (Character.getType(c) == Character.SURROGATE) {
                return "must be valid Unicode text (an unpaired surrogate at character %d), got %s".formatted(position, quote(name));
            }
            i += Character.charCount(c);
        }
        if (isSpace(name.codePointAt(0)) || isSpace(name.codePointBefore(name.length()))) {
            return "must not start or end with whitespace, got " + quote(name);
        }
        return null;
    }

    /** The name in single quotes, control characters escaped, cut after 300 characters. */
    public static String quote(String name) {
        StringBuilder quoted = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < name.length() && shown < QUOTED_LENGTH; shown++) {
            int c = name.codePointAt(i);
            if (Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.SURROGATE) {
                quoted.append("\\u%04X".formatted(c));
            } else {
                quoted.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        quoted.append('\'');
        if (shown < name.codePointCount(0, name.length())) {
            quoted.append("…");
        }
        return quoted.toString();
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
