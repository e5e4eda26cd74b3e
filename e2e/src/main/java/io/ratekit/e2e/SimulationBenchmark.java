package io.ratekit.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.Period;
import io.ratekit.testing.AmqpProbe;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What-if at provider scale: S scopes x D days x 24 hourly frames of 7 VMs x 4 metric types
 * (28 points a frame; 50 x 30 = 1,008,000 points) are stored through the packaged storage service,
 * priced as the hashmap rules below price them; the packaged processor gets those rules, then a
 * rule author's simulation of the whole month with the vCPU price doubled re-rates every stored
 * point, first on the data just loaded, then after a VACUUM. Prints the wall time from the POST to
 * the result (polled every 250 ms), points/s, and the machine (CPU model and cores from
 * /proc/cpuinfo). Checks the answer: vCPU candidate = 2 x current, every other type unchanged,
 * every point read.
 *
 * <pre>bin/simulation-benchmark [scopes] [days] [runs before and after the VACUUM]</pre>
 */
public final class SimulationBenchmark {

    private static final Instant MONTH = Instant.parse("2026-04-01T00:00:00Z");
    private static final int VMS = 7;
    private static final BigDecimal VCPU = new BigDecimal("0.0125");
    private static final BigDecimal RAM = new BigDecimal("0.0041");
    private static final BigDecimal DISK = new BigDecimal("0.00013");
    private static final BigDecimal[] FLAVOR = {new BigDecimal("0.01"), new BigDecimal("0.02"), new BigDecimal("0.04"), new BigDecimal("0.08")};
    private static final BigDecimal WINDOWS = new BigDecimal("0.03");

    /** The rules the stored prices came from; {@code vcpu} is the candidate's change. */
    static String rules(BigDecimal vcpu) {
        return """
                {"format": "ratekit-hashmap/v1", "groups": ["licence"], "services": [
                  {"name": "vcpu", "mappings": [{"type": "flat", "cost": "%s"}]},
                  {"name": "ram_gb", "mappings": [{"type": "flat", "cost": "%s"}]},
                  {"name": "disk_gb", "mappings": [{"type": "flat", "cost": "%s"}]},
                  {"name": "vm", "fields": [
                    {"name": "flavor_name", "mappings": [
                      {"value": "m1.standard", "type": "flat", "cost": "%s"}, {"value": "m2.standard", "type": "flat", "cost": "%s"},
                      {"value": "m3.standard", "type": "flat", "cost": "%s"}, {"value": "m4.standard", "type": "flat", "cost": "%s"}]},
                    {"name": "os", "mappings": [{"value": "windows", "type": "flat", "cost": "%s", "group": "licence"}]}]}]}
                """.formatted(vcpu.toPlainString(), RAM.toPlainString(), DISK.toPlainString(), FLAVOR[0], FLAVOR[1], FLAVOR[2], FLAVOR[3], WINDOWS);
    }

    public static void main(String[] args) throws Exception {
        int scopes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path root = Path.of(System.getProperty("ratekit.root", ".")).toAbsolutePath().normalize();
        System.out.println("machine: " + machine());
        long points = (long) scopes * days * 24 * VMS * 4;
        try (RatekitCluster cluster = new RatekitCluster(root, "ratekit-simulation-bench", Map.of())) {
            store(cluster, scopes, days, points);
            cluster.start(cluster.processor);
            post(cluster.processor, "/v1/rating/module_config/hashmap/import", rules(VCPU));
            put(cluster.processor, "/v1/rating/modules/hashmap", "{\"enabled\": true}");

            String request = """
                    {"begin": "%s", "end": "%s", "rules": %s}""".formatted(MONTH, MONTH.plus(Duration.ofDays(days)), rules(VCPU.multiply(BigDecimal.valueOf(2))));
            // right after the load, as a simulation of fresh data meets it: the BRIN index on the period has
            // ranges not yet summarised (VACUUM does that), so each day's read scans more of the month
            System.out.println("stored data just loaded (ANALYZE only):");
            for (int run = 1; run <= runs; run++) {
                simulate(cluster.processor, request, points, run);
            }
            // the steady state: autovacuum (also triggered by inserts) summarises the BRIN ranges
            execute(cluster.database(), "VACUUM ANALYZE storage.rated_point");
            System.out.println("after VACUUM ANALYZE (as autovacuum leaves it):");
            for (int run = runs + 1; run <= 2 * runs; run++) {
                simulate(cluster.processor, request, points, run);
            }
        }
    }

    /** Publishes the rated frames while storage is down, then lets storage drain them. */
    private static void store(RatekitCluster cluster, int scopes, int days, long points) throws Exception {
        cluster.start(cluster.storage); // declares the queues
        cluster.storage.stop();
        long frames = 24L * scopes * days;
        System.out.printf("storing %d scopes x %d days x 24 hours x %d points = %,d rated points (%,d frames)%n", scopes, days, VMS * 4, points, frames);
        try (AmqpProbe amqp = new AmqpProbe(cluster.vhost())) {
            for (int day = 0; day < days; day++) {
                List<byte[]> bodies = new ArrayList<>();
                for (int hour = 0; hour < 24; hour++) {
                    Instant begin = MONTH.plus(Duration.ofHours(24L * day + hour));
                    for (int s = 0; s < scopes; s++) {
                        bodies.add(FrameCodec.encode(frame(String.format("tenant-%04d", s), new Period(begin, begin.plusSeconds(3600)))));
                    }
                }
                amqp.publishAll(AmqpNames.RATED_EXCHANGE, "frame.bench.day" + day, bodies);
            }
        }
        Instant start = Instant.now();
        cluster.storage.start();
        Observations observe = new Observations(cluster);
        Observations.await(Duration.ofMinutes(30), () -> observe.framesStored() == frames, () -> "stored=" + observe.framesStored());
        System.out.printf("stored in %.1f s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0);
        execute(cluster.database(), "ANALYZE storage.rated_point");
    }

    private static void execute(String database, String sql) throws Exception {
        try (var c = io.ratekit.testing.LocalServices.connect(database); var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The points as the processor would have priced them with {@link #rules} at {@link #VCPU}. */
    static Frame frame(String scope, Period period) {
        Map<String, List<DataPoint>> usage = new LinkedHashMap<>();
        String[] types = {"vcpu", "ram_gb", "disk_gb", "vm"};
        for (String type : types) {
            List<DataPoint> points = new ArrayList<>(VMS);
            for (int vm = 0; vm < VMS; vm++) {
                int size = vm % 4;
                boolean windows = vm % 3 == 0;
                BigDecimal qty = switch (type) {
                    case "vcpu" -> BigDecimal.valueOf(size + 1);
                    case "ram_gb" -> BigDecimal.valueOf(2L * (size + 1));
                    case "disk_gb" -> BigDecimal.valueOf(40 + 10L * vm);
                    default -> BigDecimal.ONE;
                };
                BigDecimal price = switch (type) {
                    case "vcpu" -> qty.multiply(VCPU);
                    case "ram_gb" -> qty.multiply(RAM);
                    case "disk_gb" -> qty.multiply(DISK);
                    default -> FLAVOR[size].add(windows ? WINDOWS : BigDecimal.ZERO);
                };
                points.add(new DataPoint("unit", qty, price, Map.of("id", scope + "-vm-" + vm, "project_id", scope),
                        Map.of("flavor_name", "m" + (size + 1) + ".standard", "os", windows ? "windows" : "linux"),
                        List.of("hashmap@1/rule/" + type)));
            }
            usage.put(type, points);
        }
        return Frame.of(scope, "vsphere", period, usage, false);
    }

    private static void simulate(ServiceProcess processor, String request, long points, int run) throws Exception {
        Instant start = Instant.now();
        HttpResponse<String> posted = send(processor, HttpRequest.newBuilder(URI.create(processor.url() + "/v1/rating/simulations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)));
        if (posted.statusCode() != 202) {
            throw new IllegalStateException("POST simulations -> " + posted.statusCode() + " " + posted.body());
        }
        String location = posted.headers().firstValue("Location").orElseThrow();
        JsonNode state;
        long lastPrint = 0;
        do {
            Thread.sleep(250); // a client's poll interval
            state = FrameCodec.readTree(send(processor, HttpRequest.newBuilder(URI.create(location)).GET()).body().getBytes(StandardCharsets.UTF_8));
            long elapsed = Duration.between(start, Instant.now()).toSeconds();
            if (elapsed >= lastPrint + 5) {
                lastPrint = elapsed;
                System.out.printf("  run %d, %3d s: %s, %,d of %s points%n", run, elapsed, state.path("status").asText(),
                        state.path("points_done").asLong(), state.path("points_total").asText());
            }
        } while (state.path("status").asText().equals("running") || state.path("status").asText().equals("queued"));
        double wall = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        if (!state.path("status").asText().equals("done")) {
            throw new IllegalStateException("simulation " + state.path("status").asText() + ": " + state.path("error"));
        }
        long done = state.path("points_done").asLong();
        System.out.printf("run %d: %,d stored points re-rated in %.1f s = %,.0f points/s (from POST to the result, polled every 250 ms;"
                + " load average %s)%n", run, done, wall, done / wall, loadAverage());
        check(state, points);
    }

    private static void check(JsonNode state, long points) {
        if (state.path("points_done").asLong() != points) {
            throw new IllegalStateException("read " + state.path("points_done") + " points, stored " + points);
        }
        for (JsonNode type : state.path("types")) {
            BigDecimal current = type.path("current_price").decimalValue();
            BigDecimal candidate = type.path("candidate_price").decimalValue();
            BigDecimal expected = type.path("type").asText().equals("vcpu") ? current.multiply(BigDecimal.valueOf(2)) : current;
            if (candidate.compareTo(expected) != 0) {
                throw new IllegalStateException("type " + type + ": candidate should be " + expected);
            }
        }
        System.out.printf("  check: %d scope/type rows; total current %s, candidate %s, difference %s (vCPU doubled, all else equal)%n",
                state.path("results").size(), state.path("total").path("current_price").decimalValue().toPlainString(),
                state.path("total").path("candidate_price").decimalValue().toPlainString(),
                state.path("total").path("difference").decimalValue().toPlainString());
    }

    /** CPU model and core count from /proc/cpuinfo, memory from /proc/meminfo. */
    static String machine() {
        try {
            List<String> cpu = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String model = cpu.stream().filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
            long cores = cpu.stream().filter(l -> l.startsWith("processor")).count();
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").orElse("?");
            return model + ", " + cores + " cores, " + mem + ", JDK " + Runtime.version();
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The machine's 1-minute load average: other work on the 2 cores shows up here. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(ServiceProcess service, HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void post(ServiceProcess service, String path, String json) throws Exception {
        HttpResponse<String> r = send(service, HttpRequest.newBuilder(URI.create(service.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("POST " + path + " -> " + r.statusCode() + " " + r.body());
        }
    }

    private static void put(ServiceProcess service, String path, String json) throws Exception {
        HttpResponse<String> r = send(service, HttpRequest.newBuilder(URI.create(service.url() + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
        if (r.statusCode() >= 400) {
            throw new IllegalStateException("PUT " + path + " -> " + r.statusCode() + " " + r.body());
        }
    }
}
