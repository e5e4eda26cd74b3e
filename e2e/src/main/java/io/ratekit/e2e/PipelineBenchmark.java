package io.ratekit.e2e;

import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.Period;
import io.ratekit.testing.AmqpProbe;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Load driver: starts the three packaged services, publishes N unrated frames of P data points
 * into {@code ratekit.usage} (where the collector publishes), and measures the time until every
 * frame is rated by the processor and committed by storage. Prints frames/s and points/s.
 *
 * <pre>bin/benchmark [frames] [points-per-frame]</pre>
 */
public final class PipelineBenchmark {

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int points = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path root = Path.of(System.getProperty("ratekit.root", ".")).toAbsolutePath().normalize();
        List<byte[]> bodies = frames(frames, points);

        try (RatekitCluster cluster = new RatekitCluster(root, "ratekit-bench", Map.of("COLLECTOR_TICK", "off")).start();
             AmqpProbe amqp = new AmqpProbe(cluster.vhost())) {
            Observations observe = new Observations(cluster);
            System.out.printf("publishing %d frames x %d points (%d points)%n", frames, points, (long) frames * points);
            Instant start = Instant.now();
            amqp.publishAll(AmqpNames.USAGE_EXCHANGE, "frame.bench.x", bodies);
            Duration publishing = Duration.between(start, Instant.now());
            Observations.await(Duration.ofMinutes(30), () -> observe.framesStored() == frames, () -> "stored=" + observe.framesStored());
            Duration total = Duration.between(start, Instant.now());
            double seconds = total.toMillis() / 1000.0;
            System.out.printf("published in %.1f s; all rated and stored after %.1f s%n", publishing.toMillis() / 1000.0, seconds);
            System.out.printf("end to end: %.0f frames/s, %.0f data points/s%n", frames / seconds, (double) frames * points / seconds);
        }
    }

    private static List<byte[]> frames(int count, int points) {
        List<byte[]> bodies = new ArrayList<>(count);
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            String scope = "bench-" + (i % 50);
            Instant begin = base.plusSeconds(3600L * (i / 50));
            List<DataPoint> vcpu = new ArrayList<>(points);
            for (int p = 0; p < points; p++) {
                vcpu.add(DataPoint.unrated("vcpu", new BigDecimal("0.3333333333333333333333333333"),
                        Map.of("id", "vm-" + p, "project_id", scope), Map.of("flavor", "m1.medium", "os", "linux")));
            }
            bodies.add(FrameCodec.encode(Frame.of(scope, "bench", new Period(begin, begin.plusSeconds(3600)), Map.of("vcpu", vcpu), false)));
        }
        return bodies;
    }
}
