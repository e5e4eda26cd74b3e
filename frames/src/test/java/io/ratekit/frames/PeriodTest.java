package io.ratekit.frames;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeriodTest {

    @Test
    void alignsOnTheEpoch() {
        Period p = Period.containing(Instant.parse("2026-11-01T10:59:59Z"), Duration.ofHours(1));
        assertThat(p.begin()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(p.next().begin()).isEqualTo(Instant.parse("2026-11-01T11:00:00Z"));
        assertThat(p.contains(Instant.parse("2026-11-01T11:00:00Z"))).isFalse();
    }

    @Test
    void readsTheTimestampsCloudKittysCliSends() {
        assertThat(FrameCodec.parseInstant("2026-11-01 10:00:00", "begin")).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(FrameCodec.parseInstant("2026-11-01 10:00:00+01:00", "begin")).isEqualTo(Instant.parse("2026-11-01T09:00:00Z"));
        assertThat(FrameCodec.parseInstant("2026-11-01T10:00:00Z", "begin")).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
    }

    @Test
    void refusesAnEmptyPeriod() {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        assertThatThrownBy(() -> new Period(t, t)).isInstanceOf(FrameFormatException.class).hasMessageContaining("period.end");
    }
}
