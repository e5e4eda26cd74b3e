package io.ratekit.frames;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The timestamps CloudKitty's API takes ({@code tzutils.dt_from_iso}: Python's {@code iso8601}
 * 1.0.2 from Debian 12). The expected instants were produced by {@code iso8601.parse_date} itself.
 */
class TimestampsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "20190716T085501Z              | 2019-07-16T08:55:01Z",
            "2026-12-01                    | 2026-12-01T00:00:00Z",
            "2026-12                       | 2026-12-01T00:00:00Z",
            "2026                          | 2026-01-01T00:00:00Z",
            "2026-1-5                      | 2026-01-05T00:00:00Z",
            "20261201                      | 2026-12-01T00:00:00Z",
            "2026-12-01T10                 | 2026-12-01T10:00:00Z",
            "2026-12-01T10Z                | 2026-12-01T10:00:00Z",
            "2026-12-01T1030               | 2026-12-01T10:30:00Z",
            "2026-12-01 10:30:05+01:00     | 2026-12-01T09:30:05Z",
            "2026-12-01T10:30:05-0530      | 2026-12-01T16:00:05Z",
            "2026-12-01T10:30:05+01        | 2026-12-01T09:30:05Z",
            "2026-12-01T10:30:5Z           | 2026-12-01T10:30:05Z",
            "2026-12-01T10:30:05.5Z        | 2026-12-01T10:30:05.500Z",
            "'2026-12-01T10:30:05,25+00:00'| 2026-12-01T10:30:05.250Z",
            "20261201T103005+0100          | 2026-12-01T09:30:05Z",
            "2026-12-01T10:3005            | 2026-12-01T10:30:05Z",
            "2026-12-01T10:30:05+01:90     | 2026-12-01T08:00:05Z",
            "2026-12-01T10:30:05-23:59     | 2026-12-02T10:29:05Z",
            "2026-11-01 00:00:00           | 2026-11-01T00:00:00Z",
            "2026-11-01T00:00:00+00:00     | 2026-11-01T00:00:00Z",
            // Python stops at microseconds; Ratekit keeps what Instant holds
            "2026-12-01T10:30:05.123456789Z| 2026-12-01T10:30:05.123456789Z",
    })
    void readsWhatCloudKittyReads(String text, String expected) {
        assertThat(Timestamps.parse(text, "state")).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"202612", "2026-12-01t10:30:05Z", "2026-12-01T10:30:05z", "2026-13-01", "2026-02-30",
            "2026-12-01T24:00:00Z", "2026-12-01T10:60", "2026-12-01T10:30:60Z", "0000-01-01", "2026-12-01T10:30:05+24:00",
            "soon", "", "2026-12-01T", "2026-12-01 ", " 2026-12-01", "1700000000", "2026-12-01T10:30:05+01:00:00", "Dec 1 2026"})
    void refusesWhatCloudKittyRefusesNamingTheField(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text, "begin"))
                .isInstanceOf(FrameFormatException.class)
                .satisfies(e -> assertThat(((FrameFormatException) e).field()).isEqualTo("begin"))
                .hasMessageStartingWith("begin: ");
    }

    @org.junit.jupiter.api.Test
    void nullIsRefusedToo() {
        assertThatThrownBy(() -> Timestamps.parse(null, "end")).isInstanceOf(FrameFormatException.class).hasMessageStartingWith("end: ");
    }
}
