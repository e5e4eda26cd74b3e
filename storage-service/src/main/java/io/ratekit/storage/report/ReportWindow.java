package io.ratekit.storage.report;

import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.service.api.InvalidInputException;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** The {@code [begin, end)} a report covers; CloudKitty's default is the current month. */
public record ReportWindow(Instant begin, Instant end) {

    public static ReportWindow parse(String begin, String end) {
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        Instant b = begin == null || begin.isBlank() ? month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC) : instant(begin, "begin");
        Instant e = end == null || end.isBlank() ? month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC) : instant(end, "end");
        if (!e.isAfter(b)) {
            throw new InvalidInputException("end", "must be after begin (" + b + "), got " + e);
        }
        return new ReportWindow(b, e);
    }

    private static Instant instant(String text, String param) {
        try {
            return FrameCodec.parseInstant(text, param);
        } catch (FrameFormatException ex) {
            throw new InvalidInputException(param, "must be an ISO-8601 timestamp such as 2026-11-01T00:00:00Z, got '" + text + "'");
        }
    }
}
