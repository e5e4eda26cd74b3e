package io.ratekit.storage.ingest;

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

/** A reprocessed frame replaces everything its source stored for the period; an empty one clears it. */
@QuarkusTest
class FrameWriterTest {

    private static final Period HOUR = new Period(Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T11:00:00Z"));

    @Inject
    FrameWriter writer;
    @Inject
    AgroalDataSource dataSource;

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
    }
}
