package io.ratekit.storage.ingest;

import io.quarkus.test.security.TestSecurity;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.Period;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reprocessed frame replaces everything its source stored for the period; an empty one clears it.
 * A batch stores as if frame by frame. The daily rollup always equals the sums of the raw points.
 */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class FrameWriterTest {

    private static final Period HOUR = new Period(Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T11:00:00Z"));

    @Inject
    FrameWriter writer;
    @Inject
    @io.quarkus.agroal.DataSource("ingest") // sees every scope (row-level security binds the API role)
    AgroalDataSource dataSource;

    private static final Period NEXT_HOUR = new Period(HOUR.end(), HOUR.end().plusSeconds(3600));
    // points of every scope this test writes, summed per scope, type and day, minus the rollup: must be empty both ways
    private static final String ROLLUP_MISMATCHES = "SELECT count(*) FROM ("
            + " (SELECT scope_id, type, date_trunc('day', period_begin AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day,"
            + "  sum(qty) AS qty, sum(price) AS price, count(*) AS points FROM storage.rated_point WHERE scope_id LIKE 'fw-%' GROUP BY 1, 2, 3"
            + "  EXCEPT SELECT scope_id, type, day, qty, price, points FROM storage.daily_usage WHERE scope_id LIKE 'fw-%' AND points > 0)"
            + " UNION ALL"
            + " (SELECT scope_id, type, day, qty, price, points FROM storage.daily_usage WHERE scope_id LIKE 'fw-%' AND points > 0"
            + "  EXCEPT SELECT scope_id, type, date_trunc('day', period_begin AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',"
            + "  sum(qty), sum(price), count(*) FROM storage.rated_point WHERE scope_id LIKE 'fw-%' GROUP BY 1, 2, 3)) d";

    private static DataPoint point(String qty) {
        return DataPoint.unrated("u", new BigDecimal(qty), Map.of("id", "vm-1"), Map.of());
    }

    private long count(String sql) throws Exception {
        try (var c = dataSource.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void reprocessingReplacesThePeriodAndAnEmptyReplacementClearsIt() throws Exception {
        writer.write(Frame.of("fw-1", "events", HOUR, Map.of("vcpu", List.of(point("2")), "ram_mb", List.of(point("512"))), false));
        writer.write(Frame.of("fw-1", "other", HOUR, Map.of("gpu", List.of(point("1"))), false));
        assertThat(count("SELECT count(*) FROM storage.rated_point WHERE scope_id = 'fw-1'")).isEqualTo(3);

        // the resize never happened: only vcpu remains, ram_mb must go although the new frame does not name it
        writer.write(Frame.of("fw-1", "events", HOUR, Map.of("vcpu", List.of(point("1"))), true));
        assertThat(count("SELECT count(*) FROM storage.rated_point WHERE scope_id = 'fw-1' AND source = 'events'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM storage.rated_point WHERE scope_id = 'fw-1' AND source = 'other'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM storage.stored_frame WHERE scope_id = 'fw-1' AND source = 'events'")).isEqualTo(1);

        writer.write(Frame.of("fw-1", "events", HOUR, Map.of(), true));
        assertThat(count("SELECT count(*) FROM storage.rated_point WHERE scope_id = 'fw-1' AND source = 'events'")).isZero();
        assertThat(count("SELECT count(*) FROM storage.rated_point WHERE scope_id = 'fw-1'")).isEqualTo(1);
        assertThat(count(ROLLUP_MISMATCHES)).isZero();
    }

    @Test
    void aBatchStoresAsIfFrameByFrame() throws Exception {
        Frame first = Frame.of("fw-2", "events", HOUR, Map.of("vcpu", List.of(point("2"), point("3")), "ram_mb", List.of(point("512"))), false);
        Frame vcpuAgain = Frame.of("fw-2", "events", HOUR, Map.of("vcpu", List.of(point("7"))), false);
        Frame other = Frame.of("fw-3", "events", NEXT_HOUR, Map.of("vcpu", List.of(point("1"))), false);
        Frame reprocessOther = Frame.of("fw-3", "events", NEXT_HOUR, Map.of("gpu", List.of(point("4"))), true);
        // first, its later vcpu slice, a frame and its replacement, and a re-delivery of the first
        writer.write(List.of(first, vcpuAgain, other, reprocessOther, other));

        // fw-2: vcpu from the later frame, ram_mb from the first
        assertThat(count("SELECT sum(qty) FROM storage.rated_point WHERE scope_id = 'fw-2' AND type = 'vcpu'")).isEqualTo(7);
        assertThat(count("SELECT sum(qty) FROM storage.rated_point WHERE scope_id = 'fw-2' AND type = 'ram_mb'")).isEqualTo(512);
        // fw-3: the reprocessed gpu, then 'other' stored again on top: both slices
        assertThat(count("SELECT count(*) FROM storage.rated_point WHERE scope_id = 'fw-3'")).isEqualTo(2);
        assertThat(count("SELECT deliveries FROM storage.stored_frame WHERE frame_id = '" + other.frameId() + "'")).isEqualTo(1);
        assertThat(count(ROLLUP_MISMATCHES)).isZero();

        // a re-delivered batch changes nothing
        writer.write(List.of(first, vcpuAgain));
        assertThat(count("SELECT sum(qty) FROM storage.rated_point WHERE scope_id = 'fw-2'")).isEqualTo(519);
        assertThat(count("SELECT deliveries FROM storage.stored_frame WHERE frame_id = '" + first.frameId() + "'")).isEqualTo(2);
        assertThat(count(ROLLUP_MISMATCHES)).isZero();
    }
}
