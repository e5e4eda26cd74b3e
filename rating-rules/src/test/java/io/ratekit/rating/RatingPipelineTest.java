package io.ratekit.rating;

import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.Period;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatingPipelineTest {

    private static final Period HOUR = new Period(Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T11:00:00Z"));

    private static Frame frame() {
        DataPoint p = DataPoint.unrated("vcpu-hour", new BigDecimal("2"), Map.of("id", "vm-1"), Map.of());
        return Frame.of("tenant-a", "events", HOUR, Map.of("vcpu", List.of(p)), false);
    }

    /** A module that records when it ran and adds a fixed amount to every price. */
    private record AddingModule(String name, int priority, boolean enabled, String add, List<String> log) implements RatingModule {
        public String description() {
            return "adds " + add;
        }

        public Frame rate(Frame frame) {
            log.add(name);
            return mapPoints(frame, p -> p.withPrice(p.price().add(new BigDecimal(add))));
        }
    }

    private static Frame mapPoints(Frame frame, UnaryOperator<DataPoint> f) {
        Map<String, List<DataPoint>> usage = new java.util.TreeMap<>();
        frame.usage().forEach((t, ps) -> usage.put(t, ps.stream().map(f).toList()));
        return frame.withUsage(usage);
    }

    @Test
    void runsEnabledModulesByDescendingPriorityThenName() {
        List<String> log = new ArrayList<>();
        RatingPipeline pipeline = new RatingPipeline(List.of(
                new AddingModule("low", 1, true, "0.01", log),
                new AddingModule("off", 99, false, "100", log),
                new AddingModule("high-b", 10, true, "0.1", log),
                new AddingModule("high-a", 10, true, "1", log),
                new NoopRatingModule()));

        Frame rated = pipeline.rate(frame());

        assertThat(log).containsExactly("high-a", "high-b", "low");
        assertThat(pipeline.activeModules()).extracting(RatingModule::name).containsExactly("high-a", "high-b", "low", "noop");
        assertThat(rated.usage().get("vcpu").get(0).price()).isEqualByComparingTo("1.11");
    }

    @Test
    void noopLeavesTheFrameAsItIs() {
        Frame frame = frame();
        assertThat(new RatingPipeline(List.of(new NoopRatingModule())).rate(frame)).isEqualTo(frame);
    }

    @Test
    void aFailingModuleFailsTheFrameNamingTheModule() {
        RatingModule broken = new AddingModule("broken", 5, true, "not-a-number", new ArrayList<>());
        assertThatThrownBy(() -> new RatingPipeline(List.of(broken)).rate(frame()))
                .isInstanceOf(RatingException.class)
                .hasMessageContaining("'broken'");
    }

    @Test
    void aModuleMayNotChangeTheEnvelope() {
        RatingModule rescoper = new RatingModule() {
            public String name() { return "rescoper"; }
            public String description() { return ""; }
            public int priority() { return 1; }
            public boolean enabled() { return true; }
            public Frame rate(Frame f) { return Frame.of("tenant-b", f.source(), f.period(), f.usage(), false); }
        };
        assertThatThrownBy(() -> new RatingPipeline(List.of(rescoper)).rate(frame()))
                .isInstanceOf(RatingException.class).hasMessageContaining("envelope");
    }
}
