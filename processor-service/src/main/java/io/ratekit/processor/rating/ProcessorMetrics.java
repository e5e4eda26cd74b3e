package io.ratekit.processor.rating;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ratekit.frames.Frame;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Prometheus metrics of the processor: frames in, rated, dead-lettered, retried, and lag. */
@Startup // registered at start, so dashboards see the series before the first frame
@ApplicationScoped
public class ProcessorMetrics {

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter rated;
    private final Counter points;
    private final Counter retried;
    private final Timer ratingTime;
    private final AtomicLong lastPeriodEnd = new AtomicLong();

    public ProcessorMetrics(MeterRegistry registry) {
        this.registry = registry;
        received = Counter.builder("ratekit.frames.received").description("Frames taken from the usage queue").register(registry);
        rated = Counter.builder("ratekit.frames.rated").description("Frames rated and published").register(registry);
        points = Counter.builder("ratekit.points.rated").description("Data points rated").register(registry);
        retried = Counter.builder("ratekit.frames.retried").description("Frames nacked for redelivery after a transient failure").register(registry);
        ratingTime = Timer.builder("ratekit.rating.duration").description("Time to rate one frame").register(registry);
        registry.gauge("ratekit.frames.lag.seconds", lastPeriodEnd,
                end -> end.get() == 0 ? 0 : Duration.between(Instant.ofEpochSecond(end.get()), Instant.now()).toSeconds());
    }

    public void received() {
        received.increment();
    }

    public Frame timeRating(Supplier<Frame> rating) {
        return ratingTime.record(rating);
    }

    public void rated(Frame frame) {
        rated.increment();
        points.increment(frame.pointCount());
        lastPeriodEnd.accumulateAndGet(frame.period().end().getEpochSecond(), Math::max);
    }

    public void retried() {
        retried.increment();
    }

    public void deadLettered(String reason) {
        Counter.builder("ratekit.frames.dead.lettered").description("Frames sent to the dead-letter queue")
                .tag("reason", reason).register(registry).increment();
    }
}
