package io.ratekit.e2e;

import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.Period;
import io.ratekit.testing.AmqpProbe;
import io.ratekit.testing.LocalServices;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Storage at provider scale: publishes S scopes x D days x 24 hourly frames of 7 VMs x 4 metric
 * types (28 rated points per frame; 1,000 x 30 gives 20.16 million points) into the rated queue
 * while storage is down, starts the packaged storage service and measures how fast its consumer
 * drains the backlog into PostgreSQL, then times {@code /v2/summary} for one scope's month by type,
 * all scopes' month by scope, and one scope's month by day, with the daily rollup and without.
 *
 * <pre>bin/storage-benchmark [scopes] [days] [samples]</pre>
 */
public final class StorageBenchmark {

    private static final String[] TYPES = {"vcpu", "ram_gb", "disk_gb", "vm"};
    private static final String[] UNITS = {"vCPU-hour", "GB-hour", "GB-hour", "VM-hour"};
    private static final BigDecimal[] RATES = {new BigDecimal("0.0125"), new BigDecimal("0.0041"), new BigDecimal("0.00013"), new BigDecimal("0.01")};
    private static final int VMS = 7;
    private static final Instant MONTH = Instant.parse("2026-04-01T00:00:00Z"); // a 30-day month

    public static void main(String[] args) throws Exception {
        int scopes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path root = Path.of(System.getProperty("ratekit.root", ".")).toAbsolutePath().normalize();
        // -Dbench.reuse=true: time the summaries on the data a previous run loaded
        boolean reuse = Boolean.getBoolean("bench.reuse");
        try (RatekitCluster cluster = new RatekitCluster(root, "ratekit-storage-bench", Map.of(), !reuse)) {
            if (reuse) {
                cluster.start(cluster.storage);
            } else {
                load(cluster, scopes, days);
            }

            String window = "begin=" + MONTH + "&end=" + MONTH.plus(Duration.ofDays(days));

            Random random = new Random(42);
            Map<String, IntFunction<String>> queries = new LinkedHashMap<>();
            queries.put("one scope, month, by type", i -> "/v2/summary?" + window + "&groupby=type&filters=project_id:" + scope(random.nextInt(scopes)));
            queries.put("all scopes, month, by scope", i -> "/v2/summary?" + window + "&groupby=project_id&limit=" + scopes);
            queries.put("one scope, month, by time-d", i -> "/v2/summary?" + window + "&groupby=time-d&filters=project_id:" + scope(random.nextInt(scopes)));
            System.out.println("summary latency, daily rollup (default):");
            for (var q : queries.entrySet()) {
                report(q.getKey(), latencies(cluster.storage, q.getValue(), samples));
            }

            cluster.storage.stop();
            Map<String, String> env = new HashMap<>(cluster.storage.env());
            env.put("RATEKIT_STORAGE_SUMMARY_ROLLUP", "false");
            ServiceProcess raw = new ServiceProcess("storage", root, RatekitCluster.freePort(), env, cluster.storage.log().getParent());
            raw.start();
            try {
                raw.awaitReady(Duration.ofSeconds(90));
                System.out.println("summary latency, raw points (ratekit.storage.summary-rollup=false):");
                for (var q : queries.entrySet()) {
                    report(q.getKey(), latencies(raw, q.getValue(), q.getKey().startsWith("all") ? 5 : Math.min(samples, 50)));
                }
            } finally {
                raw.stop();
            }
        }
    }

    /** Publishes the backlog while storage is down, then starts storage and times the drain. */
    private static void load(RatekitCluster cluster, int scopes, int days) throws Exception {
        long framesPerDay = 24L * scopes;
        long points = framesPerDay * days * VMS * TYPES.length;
        BigDecimal expectedTotal = BigDecimal.ZERO;
        // the first start declares the queues; the backlog is then published while storage is down
        cluster.start(cluster.storage);
        cluster.storage.stop();
        Observations observe = new Observations(cluster);
        System.out.printf("publishing %d scopes x %d days x 24 hours x %d points = %,d rated points (%,d frames)%n",
                scopes, days, VMS * TYPES.length, points, framesPerDay * days);
        long publishMillis = 0;
        try (AmqpProbe amqp = new AmqpProbe(cluster.vhost())) {
            for (int day = 0; day < days; day++) {
                List<byte[]> bodies = new ArrayList<>((int) framesPerDay);
                for (int hour = 0; hour < 24; hour++) {
                    Instant begin = MONTH.plus(Duration.ofHours(24L * day + hour));
                    for (int s = 0; s < scopes; s++) {
                        Frame frame = frame(scope(s), new Period(begin, begin.plusSeconds(3600)));
                        expectedTotal = expectedTotal.add(frame.points().stream().map(p -> p.point().price()).reduce(BigDecimal.ZERO, BigDecimal::add));
                        bodies.add(FrameCodec.encode(frame));
                    }
                }
                Instant start = Instant.now();
                amqp.publishAll(AmqpNames.RATED_EXCHANGE, "frame.bench.day" + day, bodies);
                publishMillis += Duration.between(start, Instant.now()).toMillis();
            }
        }
        System.out.printf("published in %.1f s (%,.0f points/s into RabbitMQ)%n", publishMillis / 1000.0, points * 1000.0 / publishMillis);

        Instant started = Instant.now();
        cluster.storage.start();
        long frames = framesPerDay * days;
        Observations.await(Duration.ofMinutes(60), () -> metricOrZero(observe, cluster.storage) >= frames,
                () -> "stored=" + metricOrZero(observe, cluster.storage));
        double wall = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        double storing = observe.longQuery("SELECT (extract(epoch FROM max(last_stored_at) - min(first_stored_at)) * 1000)::bigint"
                + " FROM storage.stored_frame") / 1000.0;
        System.out.printf("ingest: %,d points stored in %.1f s from first to last commit = %,.0f points/s"
                + " (%.1f s from process start, JVM start-up included: %,.0f points/s)%n", points, storing, points / storing, wall, points / wall);
        System.out.printf("frames per transaction: mean %.0f, max %.0f%n",
                observe.metric(cluster.storage, "ratekit_storage_batch_frames_sum") / observe.metric(cluster.storage, "ratekit_storage_batch_frames_count"),
                observe.metric(cluster.storage, "ratekit_storage_batch_frames_max"));
        System.out.printf("rated_point rows: %,d; size on disk: %s%n", observe.longQuery("SELECT count(*) FROM storage.rated_point"),
                text(cluster.database(), "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'storage.rated_point'::regclass"));
        execute(cluster.database(), "ANALYZE storage.rated_point; ANALYZE storage.daily_usage");
        System.out.printf("check: month total %s, generated %s%n", monthTotal(cluster.storage, days),
                expectedTotal.stripTrailingZeros().toPlainString());
    }

    // the service is not up yet in the first seconds
    private static double metricOrZero(Observations observe, ServiceProcess storage) {
        try {
            return observe.metric(storage, "ratekit_frames_stored_total");
        } catch (IllegalStateException notUp) {
            return 0;
        }
    }

    private static String monthTotal(ServiceProcess storage, int days) throws Exception {
        String all = get(storage, "/v2/summary?begin=" + MONTH + "&end=" + MONTH.plus(Duration.ofDays(days)));
        return all.replaceAll(".*\"results\":\\[\\[[^,]*,[^,]*,[^,]*,([^,\\]]*).*", "$1");
    }

    private static String scope(int s) {
        return String.format("tenant-%04d", s);
    }

    private static Frame frame(String scope, Period period) {
        Map<String, List<DataPoint>> usage = new LinkedHashMap<>();
        for (int t = 0; t < TYPES.length; t++) {
            List<DataPoint> points = new ArrayList<>(VMS);
            for (int vm = 0; vm < VMS; vm++) {
                BigDecimal qty = switch (t) {
                    case 0 -> BigDecimal.valueOf(vm % 4 + 1);
                    case 1 -> BigDecimal.valueOf(2L * (vm % 4 + 1));
                    case 2 -> BigDecimal.valueOf(40 + 10L * vm);
                    default -> BigDecimal.ONE;
                };
                points.add(new DataPoint(UNITS[t], qty, qty.multiply(RATES[t]),
                        Map.of("id", scope + "-vm-" + vm, "project_id", scope),
                        Map.of("flavor_name", "m" + (vm % 4 + 1) + ".standard", "os", vm % 3 == 0 ? "windows" : "linux"),
                        List.of("hashmap@1/mapping/" + TYPES[t])));
            }
            usage.put(TYPES[t], points);
        }
        return Frame.of(scope, "vsphere", period, usage, false);
    }

    private static List<Long> latencies(ServiceProcess storage, IntFunction<String> path, int samples) throws Exception {
        for (int i = 0; i < Math.min(20, samples); i++) {
            get(storage, path.apply(i)); // warm-up: JIT and caches
        }
        List<Long> micros = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            String p = path.apply(i);
            long t0 = System.nanoTime();
            get(storage, p);
            micros.add((System.nanoTime() - t0) / 1000);
        }
        Collections.sort(micros);
        return micros;
    }

    private static void report(String name, List<Long> micros) {
        System.out.printf("  %-30s n=%4d  p50 %8.1f ms  p95 %8.1f ms  max %8.1f ms%n", name, micros.size(),
                micros.get(micros.size() / 2) / 1000.0, micros.get((int) Math.ceil(micros.size() * 0.95) - 1) / 1000.0,
                micros.get(micros.size() - 1) / 1000.0);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String get(ServiceProcess service, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + path)).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static void execute(String database, String sql) throws Exception {
        try (Connection c = LocalServices.connect(database); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String text(String database, String sql) throws Exception {
        try (Connection c = LocalServices.connect(database); Statement st = c.createStatement();
             var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
