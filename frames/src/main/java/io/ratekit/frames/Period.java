package io.ratekit.frames;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A collection window {@code [begin, end)} in UTC. */
public record Period(Instant begin, Instant end) {

    public Period {
        Objects.requireNonNull(begin, "begin");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(begin)) {
            throw new FrameFormatException("period.end", "must be after period.begin (" + begin + "), got " + end);
        }
    }

    public Duration length() {
        return Duration.between(begin, end);
    }

    /** The period of {@code length} that contains {@code instant}, aligned on the Unix epoch. */
    public static Period containing(Instant instant, Duration length) {
        long seconds = length.getSeconds();
        long start = Math.floorDiv(instant.getEpochSecond(), seconds) * seconds;
        Instant begin = Instant.ofEpochSecond(start);
        return new Period(begin, begin.plus(length));
    }

    public Period next() {
        return new Period(end, end.plus(length()));
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(begin) && instant.isBefore(end);
    }
}
