package io.ratekit.storage.report;

import io.ratekit.service.api.InvalidInputException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code groupby} of a summary: plain keys (columns of the result) and at most one time key:
 * {@code time} (the collection period), {@code time-d}, {@code time-w}, {@code time-m}, {@code time-y}.
 */
public record Grouping(List<String> keys, String timeKey) {

    private static final Map<String, String> TIME_UNITS = Map.of("time-d", "day", "time-w", "week", "time-m", "month", "time-y", "year");

    public static Grouping parse(List<String> params) {
        Set<String> keys = new LinkedHashSet<>();
        String time = null;
        if (params != null) {
            for (String param : params) {
                for (String key : param.split(",")) {
                    key = key.trim();
                    if (key.isEmpty()) {
                        continue;
                    }
                    if (key.equals("time") || TIME_UNITS.containsKey(key)) {
                        if (time != null && !time.equals(key)) {
                            throw new InvalidInputException("groupby", "only one of time, time-d, time-w, time-m, time-y may be given");
                        }
                        time = key;
                    } else {
                        keys.add(key);
                    }
                }
            }
        }
        return new Grouping(new ArrayList<>(keys), time);
    }

    /** SQL for the bucket start, or null when the whole window is one bucket. */
    public String bucketBegin() {
        if (timeKey == null) {
            return null;
        }
        return timeKey.equals("time") ? "period_begin" : "(" + utcTrunc() + " AT TIME ZONE 'UTC')";
    }

    public String bucketEnd() {
        if (timeKey == null) {
            return null;
        }
        return timeKey.equals("time") ? "period_end"
                : "((" + utcTrunc() + " + interval '1 " + TIME_UNITS.get(timeKey) + "') AT TIME ZONE 'UTC')";
    }

    // calendar arithmetic on UTC wall-clock time, whatever the session time zone is
    private String utcTrunc() {
        return "date_trunc('" + TIME_UNITS.get(timeKey) + "', period_begin AT TIME ZONE 'UTC')";
    }
}
