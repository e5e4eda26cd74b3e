package io.ratekit.storage.report;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.Period;
import io.ratekit.storage.ingest.FrameWriter;
import io.ratekit.testing.LocalServices;
import io.ratekit.testing.LocalServicesResource;
import io.ratekit.testing.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, point 5: 50 heavy summaries at once from one tenant used to exhaust the reporting pool
 * and get 500s ("Sorry, acquisition timeout!"), sometimes another tenant's query too. With a small
 * pool (4 connections, 3 report slots, 2 per caller) and a summary over 200,000 points: the flooding
 * tenant gets only 200s and 503s with Retry-After, never a 500, while the other tenant's requests,
 * issued during the flood, are all answered 200. And should the pool run dry anyway, a report is a
 * 503, not a 500.
 */
@QuarkusTest
@TestProfile(ReportOverloadTest.SmallPool.class)
class ReportOverloadTest {

    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.max-size", "4",
                    "quarkus.datasource.jdbc.acquisition-timeout", "1S",
                    "ratekit.storage.reports.max-concurrent", "3",
                    "ratekit.storage.reports.max-concurrent-per-caller", "2",
                    "ratekit.storage.reports.queue-wait", "PT0.2S",
                    "ratekit.storage.reports.retry-after", "PT1S");
        }
    }

    private static final String BEGIN = "2021-09-01T00:00:00Z";
    private static final String END = "2021-10-01T00:00:00Z";
    private static final int HEAVY_POINTS = 200_000;
    private static boolean stored;

    @TestHTTPResource("/")
    URL root;
    @Inject
    FrameWriter writer;
    @Inject
    AgroalDataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void storeOnce() throws Exception {
        if (stored) {
            return;
        }
        // the flooding tenant's 200,000 points, written straight into the table (the writer would take a minute)
        try (Connection owner = DriverManager.getConnection(LocalServices.jdbcUrl(LocalServicesResource.DATABASE), "postgres", "");
             Statement st = owner.createStatement()) {
            st.execute("SELECT storage.ensure_month_partition('" + BEGIN + "')");
            st.execute("INSERT INTO storage.rated_point (scope_id, period_begin, period_end, type, seq, unit, qty, price, groupby, metadata,"
                    + " frame_id, source)"
                    + " SELECT 'load-a', t, t + interval '1 hour', 'vcpu', i, 'u', 1, 0.01,"
                    + " jsonb_build_object('project_id', 'load-a', 'id', 'vm-' || (i % 5000)), '{}', 'load-a-' || (i / 500), 'test'"
                    + " FROM generate_series(1, " + HEAVY_POINTS + ") i,"
                    + " LATERAL (SELECT timestamptz '" + BEGIN + "' + (i % 700) * interval '1 hour' AS t) hour");
            st.execute("ANALYZE storage.rated_point");
        }
        Instant begin = Instant.parse("2021-09-02T10:00:00Z");
        DataPoint point = new DataPoint("u", BigDecimal.ONE, new BigDecimal("7.5"), Map.of("project_id", "load-b", "id", "vm-b"), Map.of());
        writer.write(Frame.of("load-b", "test", new Period(begin, begin.plusSeconds(3600)), Map.of("vcpu", List.of(point)), false));
        stored = true;
    }

    private HttpResponse<String> get(String token, String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(root.toURI().resolve(pathAndQuery)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String summary(String scope) {
        return "v2/summary?begin=" + BEGIN + "&end=" + END + "&groupby=id&limit=10000&filters=project_id:" + scope;
    }

    @Test
    void aFloodingTenantGets503sNot500sAndAnotherTenantIsStillAnswered() throws Exception {
        String flooder = TestTokens.tenant("load-a");
        String other = TestTokens.tenant("load-b");
        long started = System.nanoTime();
        HttpResponse<String> alone = get(flooder, summary("load-a"));
        long aloneMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(alone.statusCode()).isEqualTo(200);
        assertThat(alone.body()).contains("\"total\":5000");

        AtomicBoolean flooding = new AtomicBoolean(true);
        ConcurrentLinkedQueue<HttpResponse<String>> floodAnswers = new ConcurrentLinkedQueue<>();
        CountDownLatch firstRound = new CountDownLatch(50);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<?>> clients = new ArrayList<>();
        try {
            // 50 clients of one tenant, each asking again as soon as it has an answer, until the other tenant is done
            for (int i = 0; i < 50; i++) {
                clients.add(pool.submit(() -> {
                    boolean counted = false;
                    while (flooding.get()) {
                        floodAnswers.add(get(flooder, summary("load-a")));
                        if (!counted) {
                            firstRound.countDown();
                            counted = true;
                        }
                    }
                    return null;
                }));
            }
            List<HttpResponse<String>> otherAnswers = new ArrayList<>();
            long slowestOther = 0;
            for (int i = 0; i < 10; i++) {
                long asked = System.nanoTime();
                otherAnswers.add(get(other, summary("load-b")));
                slowestOther = Math.max(slowestOther, (System.nanoTime() - asked) / 1_000_000);
            }
            assertThat(firstRound.await(60, TimeUnit.SECONDS)).as("every flooding client got an answer").isTrue();
            otherAnswers.add(get(other, summary("load-b"))); // and once more while the flood certainly runs
            System.out.printf("heavy summary alone: %d ms; other tenant during the flood: slowest of 10 answers %d ms%n",
                    aloneMillis, slowestOther);
            assertThat(otherAnswers).allSatisfy(r -> {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).contains("7.5").contains("vm-b");
            });
        } finally {
            flooding.set(false);
            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        System.out.printf("flood: %d answers, %d of them 200, %d 503%n", floodAnswers.size(),
                floodAnswers.stream().filter(r -> r.statusCode() == 200).count(), floodAnswers.stream().filter(r -> r.statusCode() == 503).count());
        assertThat(floodAnswers).extracting(HttpResponse::statusCode).containsOnly(200, 503).contains(200, 503);
        assertThat(floodAnswers).filteredOn(r -> r.statusCode() == 503).allSatisfy(r -> {
            assertThat(r.headers().firstValue("Retry-After")).contains("1");
            assertThat(r.body()).contains("\"error\":\"overloaded\"");
        });
        assertThat(floodAnswers).filteredOn(r -> r.statusCode() == 200).allSatisfy(r -> assertThat(r.body()).contains("\"total\":5000"));
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(root.toURI().resolve("q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).as("rejections are counted").containsPattern("ratekit_reports_rejected_total\\{reason=\"caller\"[^}]*} [1-9]");
    }

    @Test
    void aPoolRunDryIsA503WithRetryAfterOnEveryReportFamily() throws Exception {
        String tenant = TestTokens.tenant("load-b");
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                held.add(dataSource.getConnection()); // the whole pool, as a leak or a slow neighbour would
            }
            for (String path : List.of(summary("load-b"), "v1/report/total?begin=" + BEGIN + "&end=" + END,
                    "v2/dataframes?format=csv&begin=" + BEGIN + "&end=" + END)) {
                HttpResponse<String> r = get(tenant, path);
                assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).as(path).contains("1");
                assertThat(r.body()).as(path).contains("\"error\":\"overloaded\"");
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        assertThat(get(tenant, summary("load-b")).statusCode()).as("answered again once connections are free").isEqualTo(200);
    }
}
