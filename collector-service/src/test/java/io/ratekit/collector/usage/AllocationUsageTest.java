package io.ratekit.collector.usage;

import io.ratekit.collector.event.LifecycleEvent;
import io.ratekit.collector.event.LifecycleEvent.Action;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Period;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AllocationUsageTest {

    private static final Period HOUR = new Period(Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T11:00:00Z"));
    private static final AllocationUsage USAGE = new AllocationUsage(List.of(
            new AllocationUsage.Metric("vcpus", "vcpu", "vcpu"),
            new AllocationUsage.Metric("ram_mb", "ram_mb", "MB")), "project_id");

    private static LifecycleEvent event(Action action, String time, Map<String, String> attributes) {
        return new LifecycleEvent("e", "tenant-a", "vm-1", "instance", action, Instant.parse("2026-11-01T" + time + "Z"), attributes);
    }

    private static Map<String, List<DataPoint>> compute(LifecycleEvent... events) {
        return USAGE.compute("tenant-a", HOUR, Map.of("vm-1", List.of(events)));
    }

    private static BigDecimal total(List<DataPoint> points) {
        return points.stream().map(DataPoint::qty).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void aResourceAliveBeforeAndAfterCountsTheWholePeriod() {
        var usage = compute(event(Action.CREATE, "08:00:00", Map.of("vcpus", "2", "ram_mb", "4096")));
        assertThat(total(usage.get("instance"))).isEqualByComparingTo("1");
        assertThat(total(usage.get("vcpu"))).isEqualByComparingTo("2");
        assertThat(total(usage.get("ram_mb"))).isEqualByComparingTo("4096");
        DataPoint point = usage.get("vcpu").get(0);
        assertThat(point.groupby()).containsEntry("id", "vm-1").containsEntry("project_id", "tenant-a");
        assertThat(point.metadata()).containsEntry("vcpus", "2");
        assertThat(point.unit()).isEqualTo("vcpu");
    }

    @Test
    void aResizeSplitsTheResourceIntoTwoPointsWithTheirOwnMetadata() {
        var usage = compute(
                event(Action.CREATE, "09:00:00", Map.of("vcpus", "2", "ram_mb", "4096", "flavor", "small")),
                event(Action.UPDATE, "10:15:00", Map.of("vcpus", "4", "flavor", "large")));
        assertThat(usage.get("vcpu")).extracting(DataPoint::qty).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("0.5"), new BigDecimal("3"));
        assertThat(usage.get("vcpu").get(1).metadata()).containsEntry("flavor", "large").containsEntry("ram_mb", "4096");
        assertThat(total(usage.get("ram_mb"))).isEqualByComparingTo("4096");
        assertThat(total(usage.get("instance"))).isEqualByComparingTo("1");
    }

    @Test
    void aDeleteMidPeriodBillsExactlyTheLifetime() {
        var usage = compute(
                event(Action.CREATE, "10:20:00", Map.of("vcpus", "3")),
                event(Action.DELETE, "10:40:00", Map.of()));
        // 20 minutes = 1/3 of the period: 28 significant digits, HALF_EVEN
        assertThat(usage.get("instance").get(0).qty()).isEqualTo(new BigDecimal("0.3333333333333333333333333333"));
        assertThat(usage.get("vcpu").get(0).qty()).isEqualByComparingTo("1");
    }

    @Test
    void anUpdateThatChangesNothingBillableKeepsOnePoint() {
        var usage = compute(
                event(Action.CREATE, "09:00:00", Map.of("vcpus", "2")),
                event(Action.UPDATE, "10:30:00", Map.of("vcpus", "2")));
        assertThat(usage.get("vcpu")).hasSize(1);
        assertThat(usage.get("vcpu").get(0).qty()).isEqualByComparingTo("2");
    }

    @Test
    void resourcesDeletedBeforeOrCreatedAfterThePeriodGiveNothing() {
        assertThat(compute(event(Action.CREATE, "08:00:00", Map.of()), event(Action.DELETE, "09:00:00", Map.of()))).isEmpty();
        assertThat(compute(event(Action.CREATE, "11:00:00", Map.of()))).isEmpty();
    }
}
