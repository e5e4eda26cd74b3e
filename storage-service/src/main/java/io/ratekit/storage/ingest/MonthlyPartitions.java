package io.ratekit.storage.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** Makes sure the month partition of {@code storage.rated_point} exists before a frame is written. */
@ApplicationScoped
public class MonthlyPartitions {

    // months known to exist: the SQL function is only called once per month and process
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    public void ensureFor(Connection connection, Instant periodBegin) throws SQLException {
        YearMonth month = YearMonth.from(periodBegin.atOffset(ZoneOffset.UTC));
        if (known.contains(month)) {
            return;
        }
        try (PreparedStatement st = connection.prepareStatement("SELECT storage.ensure_month_partition(?)")) {
            st.setTimestamp(1, Timestamp.from(periodBegin));
            st.execute();
        }
        known.add(month);
    }

    /** Forget what we know (after a test cleans the schema). */
    public void forget() {
        known.clear();
    }
}
