package io.ratekit.benchmarks;

import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.Period;
import io.ratekit.rating.hashmap.CostType;
import io.ratekit.rating.hashmap.HashmapRatingModule;
import io.ratekit.rating.hashmap.HashmapRuleset;
import io.ratekit.rating.hashmap.Mapping;
import io.ratekit.rating.hashmap.Threshold;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Data points rated per second by the hashmap module on one thread: a rule set of 3 services,
 * 20 field mappings, 5 thresholds and 2 groups, frames of 10,000 points (the hashmap issue's
 * benchmark). The score is points/s, since one invocation rates {@link #POINTS} points.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HashmapBenchmark {

    static final int POINTS = 10_000;
    private static final String[] SERVICES = {"vcpu", "ram_mb", "disk_gb"};
    private static final String[] FLAVORS = {"m1.small", "m1.medium", "m1.large", "m1.xlarge", "m1.2xlarge"};
    private static final String[] OSES = {"linux", "windows", "rhel", "sles", "ubuntu"};

    private HashmapRatingModule module;
    private Frame frame;

    @Setup
    public void setUp() {
        List<Mapping> mappings = new ArrayList<>();
        List<Threshold> thresholds = new ArrayList<>();
        long id = 1;
        // 3 service mappings (one per service) in group "compute"
        for (String service : SERVICES) {
            mappings.add(new Mapping(id++, service, null, null, CostType.FLAT, new BigDecimal("0.0125"), "compute", null, null));
        }
        // 20 field mappings: flavor rates on vcpu and ram_mb (10), OS licence flats on vcpu (5), tiers on disk_gb (5)
        for (String service : new String[] {"vcpu", "ram_mb"}) {
            for (int i = 0; i < FLAVORS.length; i++) {
                mappings.add(new Mapping(id++, service, "flavor", FLAVORS[i], CostType.RATE, new BigDecimal("1." + i), "compute", null, null));
            }
        }
        for (int i = 0; i < OSES.length; i++) {
            mappings.add(new Mapping(id++, "vcpu", "os", OSES[i], CostType.FLAT, new BigDecimal("0.0" + (i + 1)), "licence", null, null));
        }
        for (int i = 0; i < 5; i++) {
            mappings.add(new Mapping(id++, "disk_gb", "tier", "t" + i, CostType.RATE, new BigDecimal("0.9" + i), "compute", null, null));
        }
        // 5 thresholds: volume discounts on qty and a RAM-size surcharge
        thresholds.add(new Threshold(id++, "vcpu", null, new BigDecimal("8"), CostType.RATE, new BigDecimal("0.95"), "compute", null, null));
        thresholds.add(new Threshold(id++, "vcpu", null, new BigDecimal("16"), CostType.RATE, new BigDecimal("0.9"), "compute", null, null));
        thresholds.add(new Threshold(id++, "ram_mb", null, new BigDecimal("16384"), CostType.RATE, new BigDecimal("0.9"), "compute", null, null));
        thresholds.add(new Threshold(id++, "disk_gb", null, new BigDecimal("1000"), CostType.FLAT, new BigDecimal("5"), "compute", null, null));
        thresholds.add(new Threshold(id, "vcpu", "ram_gb", new BigDecimal("64"), CostType.FLAT, new BigDecimal("0.002"), "compute", null, null));
        HashmapRuleset ruleset = new HashmapRuleset(1, mappings, thresholds);
        module = new HashmapRatingModule(() -> ruleset, () -> true, () -> 1);

        Map<String, List<DataPoint>> usage = new TreeMap<>();
        for (int i = 0; i < POINTS; i++) {
            String service = SERVICES[i % SERVICES.length];
            BigDecimal qty = service.equals("ram_mb") ? BigDecimal.valueOf(2048L * (1 + i % 16)) : BigDecimal.valueOf(1 + i % 24);
            Map<String, String> metadata = Map.of("flavor", FLAVORS[i % FLAVORS.length], "os", OSES[(i / 3) % OSES.length],
                    "tier", "t" + i % 5, "ram_gb", Integer.toString(4 * (1 + i % 32)));
            usage.computeIfAbsent(service, s -> new ArrayList<>())
                    .add(DataPoint.unrated(service, qty, Map.of("id", "vm-" + i, "project_id", "tenant-a"), metadata));
        }
        Instant begin = Instant.parse("2026-11-01T10:00:00Z");
        frame = Frame.of("tenant-a", "bench", new Period(begin, begin.plusSeconds(3600)), usage, false);
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public Frame rateFrameOf10000Points() {
        return module.rate(frame);
    }
}
