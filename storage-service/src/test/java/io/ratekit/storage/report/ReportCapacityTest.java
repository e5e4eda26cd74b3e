package io.ratekit.storage.report;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Report slots: per caller and in all, freed on close, and no configuration that lets one caller take the pool. */
class ReportCapacityTest {

    private static ReportCapacityConfig config(int all, int perCaller) {
        return new ReportCapacityConfig() {
            public int maxConcurrent() {
                return all;
            }

            public int maxConcurrentPerCaller() {
                return perCaller;
            }

            public Duration queueWait() {
                return Duration.ofMillis(20);
            }

            public Duration retryAfter() {
                return Duration.ofMillis(1500);
            }
        };
    }

    @Test
    void oneCallerGetsItsShareAndTheOthersStillGetSlots() {
        ReportCapacity capacity = new ReportCapacity(config(3, 2), new SimpleMeterRegistry(), 4);
        List<ReportCapacity.Slot> slots = new ArrayList<>(List.of(capacity.enter("acme"), capacity.enter("acme")));
        assertThatThrownBy(() -> capacity.enter("acme")).isInstanceOf(ReportsBusyException.class).hasMessageContaining("this caller");
        slots.add(capacity.enter("globex"));
        assertThatThrownBy(() -> capacity.enter("initech")).isInstanceOf(ReportsBusyException.class).hasMessageContaining("as many reports");
        slots.get(0).close();
        slots.get(0).close(); // twice frees once
        slots.add(capacity.enter("acme"));
        assertThatThrownBy(() -> capacity.enter("initech")).isInstanceOf(ReportsBusyException.class);
        slots.forEach(ReportCapacity.Slot::close);
        assertThat(capacity.callersTracked()).as("callers without slots are forgotten").isZero();
        for (int i = 0; i < 3; i++) {
            capacity.enter("caller-" + i); // all three slots are free again
        }
        assertThat(capacity.retryAfterSeconds()).isEqualTo(2);
    }

    @Test
    void boundsThatWouldLetOneCallerTakeThePoolAreRefused() {
        assertThatThrownBy(() -> new ReportCapacity(config(16, 4), new SimpleMeterRegistry(), 16))
                .hasMessageContaining("below the reporting pool's size");
        assertThatThrownBy(() -> new ReportCapacity(config(12, 12), new SimpleMeterRegistry(), 16))
                .hasMessageContaining("max-concurrent-per-caller");
    }
}
