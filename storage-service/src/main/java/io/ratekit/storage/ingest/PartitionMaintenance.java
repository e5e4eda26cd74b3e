package io.ratekit.storage.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.ratekit.service.sql.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps {@code storage.rated_point}'s month partitions ahead of time and, with a retention set,
 * drops whole partitions older than it (a DROP, not a DELETE: instant, no bloat). Runs at start
 * and every {@code maintenance-every}.
 */
@ApplicationScoped
public class PartitionMaintenance {

    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);
    private static final Pattern MONTH = Pattern.compile("rated_point_(\\d{4})_(\\d{2})");

    @Inject
    @DataSource("ingest")
    AgroalDataSource dataSource;
    @Inject
    MonthlyPartitions known;
    @ConfigProperty(name = "ratekit.storage.partitions-ahead", defaultValue = "2")
    int monthsAhead;
    @ConfigProperty(name = "ratekit.storage.retention")
    Optional<String> retention;

    void atStart(@Observes StartupEvent event) {
        tick();
    }

    @Scheduled(every = "${ratekit.storage.maintenance-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            run(Instant.now(), retention.filter(r -> !r.isBlank()).map(Period::parse).orElse(null));
        } catch (RuntimeException e) {
            LOG.errorf(e, "partition maintenance failed; retrying at the next run");
        }
    }

    /** Creates the partitions up to {@code monthsAhead} after {@code now}; drops those ending before {@code now - retention}. Returns the dropped. */
    public List<String> run(Instant now, Period keep) {
        return Jdbc.inTransaction(dataSource, c -> {
            YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
            for (int i = 0; i <= monthsAhead; i++) {
                Jdbc.query(c, "SELECT storage.ensure_month_partition(?)", rs -> null, current.plusMonths(i).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            List<String> dropped = new ArrayList<>();
            if (keep == null) {
                return dropped;
            }
            Instant cutoff = now.atOffset(ZoneOffset.UTC).minus(keep).toInstant();
            List<String> partitions = Jdbc.query(c, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'storage.rated_point'::regclass", rs -> rs.getString(1));
            for (String partition : partitions) {
                Matcher m = MONTH.matcher(partition);
                if (!m.matches()) {
                    continue;
                }
                Instant monthEnd = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).plusMonths(1)
                        .atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                if (!monthEnd.isAfter(cutoff)) {
                    Jdbc.query(c, "SELECT storage.drop_month_partition(?)", rs -> null, partition); // as the owner, name checked again
                    Jdbc.update(c, "DELETE FROM storage.stored_frame WHERE period_begin < ?", monthEnd);
                    Jdbc.update(c, "DELETE FROM storage.daily_usage WHERE day < ?", monthEnd);
                    dropped.add(partition);
                }
            }
            if (!dropped.isEmpty()) {
                known.forget(); // the writer must not believe a dropped month still exists
                LOG.infof("retention %s: dropped %s", keep, dropped);
            }
            return dropped;
        });
    }
}
