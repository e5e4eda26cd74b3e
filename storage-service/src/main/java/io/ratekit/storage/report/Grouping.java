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

    /** True when buckets are whole days or longer (or there is no time key): a daily rollup can answer. */
    public boolean byDayOrCoarser() {
        return !"time".equals(timeKey);
    }

    /** SQL for the bucket start of a row whose period starts at {@code begin}, or null when the whole window is one bucket. */
    public String bucketBegin(String begin) {
        if (timeKey == null) {
            return null;
        }
        return timeKey.equals("time") ? begin : "(" + utcTrunc(begin) + " AT TIME ZONE 'UTC')";
    }

    /** SQL for the bucket end; {@code end} is the period end column (used for {@code time} only). */
    public String bucketEnd(String begin, String end) {
        if (timeKey == null) {
            return null;
        }
        return timeKey.equals("time") ? end
                : "((" + utcTrunc(begin) + " + interval '1 " + TIME_UNITS.get(timeKey) + "') AT TIME ZONE 'UTC')";
    }

    // calendar arithmetic on UTC wall-clock time, whatever the session time zone is
    private String utcTrunc(String begin) {
        return "date_trunc('" + TIME_UNITS.get(timeKey) + "', " + begin + " AT TIME ZONE 'UTC')";
    }
}
