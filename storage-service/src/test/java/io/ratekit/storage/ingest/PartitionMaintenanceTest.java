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

/** Month partitions are made ahead of time; retention drops whole partitions older than it, and only those. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class PartitionMaintenanceTest {

    @Inject
    PartitionMaintenance maintenance;
    @Inject
    FrameWriter writer;
    @Inject
    @io.quarkus.agroal.DataSource("ingest") // sees every scope (row-level security binds the API role)
    AgroalDataSource dataSource;

    private long count(String sql) throws Exception {
        try (var c = dataSource.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void store(String begin) {
        Instant b = Instant.parse(begin);
        writer.write(Frame.of("pm-1", "test", new Period(b, b.plusSeconds(3600)),
                Map.of("vcpu", List.of(DataPoint.unrated("u", BigDecimal.ONE, Map.of(), Map.of()))), false));
    }

    @Test
    void makesPartitionsAheadAndDropsOnlyThoseOlderThanTheRetention() throws Exception {
        store("2019-01-15T10:00:00Z");
        store("2019-03-15T10:00:00Z");
        List<String> dropped = maintenance.run(Instant.parse("2020-02-20T00:00:00Z"), java.time.Period.ofYears(1));
        assertThat(dropped).contains("rated_point_2019_01").doesNotContain("rated_point_2019_03", "rated_point_2019_02");
        assertThat(count("SELECT count(*) FROM storage.rated_point WHERE scope_id = 'pm-1'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM storage.stored_frame WHERE scope_id = 'pm-1'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname IN ('rated_point_2020_02', 'rated_point_2020_03', 'rated_point_2020_04')"))
                .isEqualTo(3);
    }
}
