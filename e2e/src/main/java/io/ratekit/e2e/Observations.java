package io.ratekit.e2e;

import io.ratekit.testing.LocalServices;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.BooleanSupplier;

/** What a test or the benchmark reads off a running cluster: metrics and database counts. */
public final class Observations {

    private final RatekitCluster cluster;
    private final HttpClient http = HttpClient.newHttpClient();

    public Observations(RatekitCluster cluster) {
        this.cluster = cluster;
    }

    /** A counter's value from a service's Prometheus endpoint (0 if absent). */
    public double metric(ServiceProcess service, String name) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read metrics of " + service.name(), e);
        }
    }

    public long framesPublished() {
        return (long) metric(cluster.collector, "ratekit_frames_published_total");
    }

    public long longQuery(String sql) {
        try (Connection c = LocalServices.connect(cluster.database()); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Frames stored, all sources. */
    public long framesStored() {
        return longQuery("SELECT count(*) FROM storage.stored_frame");
    }

    /** Frames stored that the collector's event source published. */
    public long collectedFramesStored() {
        return longQuery("SELECT count(*) FROM storage.stored_frame WHERE source = 'events'");
    }

    /** True when every active scope is collected up to the last ended hour. */
    public boolean collectorCaughtUp() {
        Instant due = Instant.now().truncatedTo(ChronoUnit.HOURS);
        return longQuery("SELECT count(*) FROM collector.scope_state WHERE active AND last_processed_end < '" + due + "'") == 0;
    }

    /** Waits until the collector has caught up and every published frame is stored. */
    public void awaitPipelineDrained(Duration timeout) throws InterruptedException {
        await(timeout, () -> collectorCaughtUp() && collectedFramesStored() == framesPublished() && framesPublished() > 0,
                () -> "published=" + framesPublished() + " stored=" + collectedFramesStored() + " caughtUp=" + collectorCaughtUp());
    }

    public static void await(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> state) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + timeout + ": " + state.get());
            }
            Thread.sleep(200);
        }
    }
}
