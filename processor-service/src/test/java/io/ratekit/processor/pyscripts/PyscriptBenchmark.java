package io.ratekit.processor.pyscripts;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.Period;
import io.ratekit.rating.pyscripts.PyScript;
import io.ratekit.rating.pyscripts.PyscriptsRatingModule;
import io.ratekit.rating.pyscripts.ScriptFrames;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Data points per second of a simple pricing script on frames of 10,000 points, through the real
 * path: the processor's module encodes the frame, a script-worker process runs the script
 * (GraalPy, sandboxed), the processor validates and decodes the result. Warm-up first, then timed
 * frames. {@code bin/pyscripts-benchmark} runs it on the default JDK and on the JIT JDK.
 * Arguments: [points per frame] [warm-up seconds] [timed frames]; the worker's JDK and JVM options
 * come from -Dbench.worker-java and -Dbench.worker-options.
 */
public final class PyscriptBenchmark {

    static final String SCRIPT = """
            import decimal
            PRICE = decimal.Decimal('0.0125')
            for point in data['usage']['vcpu']:
                point['rating']['price'] = point['vol']['qty'] * PRICE
            """;

    private PyscriptBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int warmUpSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        int timedFrames = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        ScriptWorkerPool pool = new ScriptWorkerPool();
        pool.config = config(Optional.ofNullable(System.getProperty("bench.worker-java")).filter(s -> !s.isBlank()),
                Optional.ofNullable(System.getProperty("bench.worker-options")).filter(s -> !s.isBlank()));
        pool.metrics = new SimpleMeterRegistry();
        PyScript script = PyScript.of("bench.price", 0, SCRIPT);
        PyscriptsRatingModule module = new PyscriptsRatingModule(() -> List.of(script), pool, () -> true, () -> 1);
        Frame frame = frame(points);
        System.out.printf("worker: %s%n", String.join(" ", WorkerCommand.build(pool.config)).replaceAll("-cp \\S+", "-cp ..."));

        Instant started = Instant.now();
        Frame first = module.rate(frame);
        System.out.printf("first frame (worker start, compile): %d ms; price of point 0: %s%n",
                Duration.between(started, Instant.now()).toMillis(), first.usage().get("vcpu").get(0).price().toPlainString());
        Instant warmUntil = Instant.now().plusSeconds(warmUpSeconds);
        int warmFrames = 0;
        while (Instant.now().isBefore(warmUntil)) {
            Instant t = Instant.now();
            module.rate(frame);
            warmFrames++;
            if (warmFrames % 10 == 0) {
                System.out.printf("  warm-up frame %d: %,.0f points/s%n", warmFrames, points / (Duration.between(t, Instant.now()).toNanos() / 1e9));
            }
        }
        long[] nanos = new long[timedFrames];
        for (int i = 0; i < timedFrames; i++) {
            long t = System.nanoTime();
            Frame rated = module.rate(frame);
            nanos[i] = System.nanoTime() - t;
            if (rated.usage().get("vcpu").size() != points) {
                throw new IllegalStateException("lost points");
            }
        }
        long total = java.util.Arrays.stream(nanos).sum();
        java.util.Arrays.sort(nanos);
        System.out.printf("RESULT distinct-quantities=%s points/frame=%d warm-up=%ds (%d frames) timed=%d frames: %,.0f points/s (median frame %.1f ms, p90 %.1f ms)%n",
                Boolean.getBoolean("bench.distinct"), points, warmUpSeconds, warmFrames, timedFrames, (double) points * timedFrames / (total / 1e9),
                nanos[timedFrames / 2] / 1e6, nanos[(int) (timedFrames * 0.9)] / 1e6);
        // the processor's share of a frame: encoding it for the worker, reading and validating the result
        String handedOver = ScriptFrames.toJson(frame.period(), frame.usage());
        String returned = pool.run(List.of(script), handedOver).frameJson();
        long encode = 0;
        long decode = 0;
        for (int i = 0; i < timedFrames; i++) {
            long t = System.nanoTime();
            ScriptFrames.toJson(frame.period(), frame.usage());
            encode += System.nanoTime() - t;
            t = System.nanoTime();
            ScriptFrames.usageFrom(returned, frame, "bench.price", "pyscripts@bench");
            decode += System.nanoTime() - t;
        }
        System.out.printf("processor side per frame: encode %.1f ms, read back and validate %.1f ms (the rest is pipes and the worker)%n",
                encode / 1e6 / timedFrames, decode / 1e6 / timedFrames);
        pool.stop(null);
        System.exit(0);
    }

    static Frame frame(int points) {
        List<DataPoint> vcpu = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            // quantities repeat as vCPU counts do, unless -Dbench.distinct=true (every quantity new: the worst case)
            BigDecimal qty = Boolean.getBoolean("bench.distinct") ? new BigDecimal(i).movePointLeft(3).add(BigDecimal.ONE)
                    : new BigDecimal(1 + i % 16);
            vcpu.add(DataPoint.unrated("vcpu", qty, Map.of("id", "vm-" + i, "project_id", "bench"),
                    Map.of("flavor", "m" + (i % 7))));
        }
        Period hour = new Period(Instant.parse("2026-07-01T10:00:00Z"), Instant.parse("2026-07-01T11:00:00Z"));
        return Frame.of("bench", "bench", hour, Map.of("vcpu", vcpu), false);
    }

    static PyscriptsConfig config(Optional<String> java, Optional<String> options) {
        return new PyscriptsConfig() {
            public int workers() { return 1; }
            public String workerHeap() { return "1g"; }
            public Duration budget() { return Duration.ofSeconds(60); }
            public Duration grace() { return Duration.ofSeconds(5); }
            public long statementLimit() { return 2_000_000_000L; }
            public int maxOutput() { return 256 * 1024 * 1024; }
            public Duration startTimeout() { return Duration.ofSeconds(180); }
            public boolean prewarm() { return false; }
            public Optional<String> workerJava() { return java; }
            public Optional<String> workerJvmOptions() { return options; }
            public Optional<String> workerClasspath() { return Optional.ofNullable(System.getProperty("bench.classpath")); }
        };
    }
}
