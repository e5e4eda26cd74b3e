package io.ratekit.collector.usage;

import io.ratekit.collector.event.LifecycleEvent;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Decimals;
import io.ratekit.frames.Period;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns resource timelines into allocation usage for one period. A resource's life is cut into
 * spans in which its state is constant (the vCloud Usage Meter approach); each span inside the
 * period gives, per metric, qty = allocated amount × span length / period length. A resource
 * deleted mid-period is billed for exactly its lifetime; a resize splits it into two spans.
 * Arithmetic: amount × seconds is exact, the one division uses 28 digits HALF_EVEN.
 */
public final class AllocationUsage {

    /** An allocation metric fed by a resource attribute. */
    public record Metric(String attribute, String type, String unit) {
    }

    private final List<Metric> metrics;
    private final String scopeKey;

    public AllocationUsage(List<Metric> metrics, String scopeKey) {
        this.metrics = List.copyOf(metrics);
        this.scopeKey = scopeKey;
    }

    private record Span(Instant from, Instant to, String resourceType, Map<String, String> attributes) {
    }

    public Map<String, List<DataPoint>> compute(String scopeId, Period period, Map<String, List<LifecycleEvent>> timelines) {
        Map<String, List<DataPoint>> usage = new TreeMap<>();
        BigDecimal periodSeconds = BigDecimal.valueOf(period.length().getSeconds());
        timelines.forEach((resourceId, events) -> {
            for (Span span : spansWithin(events, period)) {
                BigDecimal seconds = BigDecimal.valueOf(Duration.between(span.from(), span.to()).getSeconds());
                Map<String, String> groupby = Map.of("id", resourceId, scopeKey, scopeId);
                add(usage, span.resourceType(), DataPoint.unrated(span.resourceType(),
                        seconds.divide(periodSeconds, Decimals.CONTEXT), groupby, span.attributes()));
                for (Metric metric : metrics) {
                    String amount = span.attributes().get(metric.attribute());
                    if (amount == null) {
                        continue;
                    }
                    BigDecimal qty = new BigDecimal(amount).multiply(seconds).divide(periodSeconds, Decimals.CONTEXT);
                    add(usage, metric.type(), DataPoint.unrated(metric.unit(), qty, groupby, span.attributes()));
                }
            }
        });
        return usage;
    }

    private static void add(Map<String, List<DataPoint>> usage, String type, DataPoint point) {
        usage.computeIfAbsent(type, t -> new ArrayList<>()).add(point);
    }

    /** Spans of constant state clipped to the period; adjacent spans with equal state are merged. */
    static List<Span> spansWithin(List<LifecycleEvent> events, Period period) {
        List<Span> spans = new ArrayList<>();
        Map<String, String> state = null;
        String type = null;
        Instant since = null;
        for (LifecycleEvent event : events) {
            if (state != null) {
                clipAndAdd(spans, new Span(since, event.occurredAt(), type, state), period);
            }
            switch (event.action()) {
                case CREATE -> state = new HashMap<>(event.attributes());
                case UPDATE -> {
                    // an update for a resource we never saw created starts its life (lenient, counted nowhere else)
                    Map<String, String> next = state == null ? new HashMap<>() : new HashMap<>(state);
                    next.putAll(event.attributes());
                    state = next;
                }
                case DELETE -> state = null;
            }
            type = event.resourceType();
            since = event.occurredAt();
        }
        if (state != null) {
            clipAndAdd(spans, new Span(since, period.end(), type, state), period);
        }
        return spans;
    }

    private static void clipAndAdd(List<Span> spans, Span span, Period period) {
        Instant from = span.from().isBefore(period.begin()) ? period.begin() : span.from();
        Instant to = span.to().isAfter(period.end()) ? period.end() : span.to();
        if (!to.isAfter(from)) {
            return;
        }
        Span clipped = new Span(from, to, span.resourceType(), Map.copyOf(span.attributes()));
        if (!spans.isEmpty()) {
            Span last = spans.get(spans.size() - 1);
            if (last.to().equals(from) && last.attributes().equals(clipped.attributes()) && Objects.equals(last.resourceType(), clipped.resourceType())) {
                spans.set(spans.size() - 1, new Span(last.from(), to, last.resourceType(), last.attributes()));
                return;
            }
        }
        spans.add(clipped);
    }
}
