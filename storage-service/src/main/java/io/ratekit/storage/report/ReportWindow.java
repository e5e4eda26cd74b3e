package io.ratekit.storage.report;

import io.ratekit.frames.FrameFormatException;
import io.ratekit.frames.Timestamps;
import io.ratekit.service.api.InvalidInputException;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The {@code [begin, end)} a report covers; CloudKitty's default is the current month. An empty
 * window ({@code begin == end}) is an empty answer, as in CloudKitty. An inverted one is a 400
 * naming {@code end}, where CloudKitty silently answers nothing: a swapped pair or a lone
 * {@code end} before the current month (the default {@code begin}) is a mistake to point out,
 * not "no costs" (storage-service/README.md).
 */
public record ReportWindow(Instant begin, Instant end) {

    public static ReportWindow parse(String begin, String end) {
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        boolean beginGiven = begin != null && !begin.isBlank();
        Instant b = beginGiven ? instant(begin, "begin") : month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant e = end == null || end.isBlank() ? month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC) : instant(end, "end");
        if (e.isBefore(b)) {
            throw new InvalidInputException("end", "must not be before begin (" + b + (beginGiven ? "" : ", the start of the current month by default")
                    + "), got " + e);
        }
        return new ReportWindow(b, e);
    }

    private static Instant instant(String text, String param) {
        try {
            return Timestamps.parse(text, param);
        } catch (FrameFormatException ex) {
            throw new InvalidInputException(param, ex.getMessage().substring(param.length() + 2));
        }
    }
}
