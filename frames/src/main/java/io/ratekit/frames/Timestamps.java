package io.ratekit.frames;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a timestamp as CloudKitty does ({@code tzutils.dt_from_iso}, i.e. the {@code iso8601}
 * package behind {@code oslo_utils.timeutils.parse_isotime}), so that what its API and CLI accept
 * Ratekit accepts: extended and basic ISO 8601 ({@code 2019-07-16T08:55:01Z},
 * {@code 20190716T085501Z}), a space instead of the {@code T} (Python's {@code str(datetime)}),
 * a plain date ({@code 2026-12-01}, midnight) or year-month, hours without minutes or seconds,
 * offsets {@code Z}, {@code +01:00}, {@code +0100}, {@code +01}; no offset means UTC. Every API
 * time parameter and every frame period goes through {@link #parse}.
 *
 * <p>Fractions of a second are kept (to the nanosecond); CloudKitty drops them. Free-form text
 * that only CloudKitty's v1 API takes through {@code dateutil} ({@code Dec 1 2026}) is refused.
 */
public final class Timestamps {

    // the iso8601 package's ISO8601_REGEX, group for group
    private static final Pattern ISO_8601 = Pattern.compile(
            "(?<year>[0-9]{4})"
            + "((-(?<monthdash>[0-9]{1,2})|(?<month>[0-9]{2})(?!$))" // YYYYMM alone is not a date
            + "((-(?<daydash>[0-9]{1,2})|(?<day>[0-9]{2}))"
            + "([ T](?<hour>[0-9]{2})(:?(?<minute>[0-9]{2}))?(:?(?<second>[0-9]{1,2})([.,](?<fraction>[0-9]+))?)?"
            + "(?<zone>Z|(?<sign>[-+])(?<zoneHour>[0-9]{2}):?(?<zoneMinute>[0-9]{2})?)?)?)?)?");

    private static final int DAY_SECONDS = 24 * 3600;

    private Timestamps() {
    }

    /**
     * The instant {@code text} names; anything else is a {@link FrameFormatException} naming
     * {@code field} and showing accepted forms.
     */
    public static Instant parse(String text, String field) {
        Matcher m = text == null ? null : ISO_8601.matcher(text);
        if (m == null || !m.matches()) {
            throw invalid(text, field);
        }
        try {
            int year = number(m, "year", 0);
            if (year < 1) {
                throw invalid(text, field); // Python's datetime starts at year 1
            }
            LocalDateTime local = LocalDateTime.of(year,
                    number(m, "month", number(m, "monthdash", 1)),
                    number(m, "day", number(m, "daydash", 1)),
                    number(m, "hour", 0), number(m, "minute", 0), number(m, "second", 0), nanos(m.group("fraction")));
            return local.toInstant(ZoneOffset.UTC).minusSeconds(offsetSeconds(m, text, field));
        } catch (DateTimeException e) {
            throw new FrameFormatException(field, "is not a valid date and time (" + e.getMessage() + "), got '" + Decimals.abbreviate(text) + "'");
        }
    }

    private static int number(Matcher m, String group, int otherwise) {
        String value = m.group(group);
        return value == null ? otherwise : Integer.parseInt(value);
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        String nine = fraction.length() >= 9 ? fraction.substring(0, 9) : fraction + "0".repeat(9 - fraction.length());
        return Integer.parseInt(nine);
    }

    // as Python's datetime.timezone: any offset strictly within a day (so +01:90 is 2:30, as there)
    private static long offsetSeconds(Matcher m, String text, String field) {
        if (m.group("zone") == null || m.group("zone").equals("Z")) {
            return 0;
        }
        long seconds = number(m, "zoneHour", 0) * 3600L + number(m, "zoneMinute", 0) * 60L;
        if (seconds >= DAY_SECONDS) {
            throw new FrameFormatException(field, "has an offset of a day or more, got '" + Decimals.abbreviate(text) + "'");
        }
        return m.group("sign").equals("-") ? -seconds : seconds;
    }

    private static FrameFormatException invalid(String text, String field) {
        return new FrameFormatException(field, "must be a timestamp such as 2026-12-01T00:00:00Z, 20261201T000000Z, "
                + "2026-12-01 00:00:00+01:00 or 2026-12-01 (no offset: UTC), got '" + Decimals.abbreviate(String.valueOf(text)) + "'");
    }
}
