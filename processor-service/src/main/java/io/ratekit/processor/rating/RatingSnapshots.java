package io.ratekit.processor.rating;

import io.agroal.api.AgroalDataSource;
import io.ratekit.processor.hashmap.HashmapStore;
import io.ratekit.service.sql.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the current {@link RatingSnapshot}. A change through any replica is broadcast
 * ({@link RulesChangeBroadcast}) and every replica reloads at once; as a backstop, at most once
 * per {@code reload-interval} it asks PostgreSQL for the ruleset version (one tiny query) and
 * reloads everything when it changed.
 */
@ApplicationScoped
public class RatingSnapshots {

    private static final Logger LOG = Logger.getLogger(RatingSnapshots.class);

    @Inject
    HashmapStore hashmap;
    @Inject
    io.ratekit.processor.pyscripts.PyscriptStore scripts;
    @Inject
    io.ratekit.processor.pyscripts.ScriptWorkerPool workers;
    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "ratekit.rating.reload-interval", defaultValue = "PT1S")
    Duration reloadInterval;

    private volatile RatingSnapshot current;
    private volatile long checkedAtNanos;

    public RatingSnapshot current() {
        RatingSnapshot snapshot = current;
        if (snapshot == null || stale()) {
            synchronized (this) {
                // the consumer threads that found it stale together: one checks, the others take its result
                return current == null || stale() ? refresh() : current;
            }
        }
        return snapshot;
    }

    private boolean stale() {
        return System.nanoTime() - checkedAtNanos > reloadInterval.toNanos();
    }

    @Inject
    jakarta.enterprise.inject.Instance<RulesChangeBroadcast> broadcast;

    /** After a change through this replica: reload here, and tell the other replicas. */
    public RatingSnapshot changed() {
        RatingSnapshot snapshot = refresh();
        broadcast.get().announce(snapshot.version());
        return snapshot;
    }

    /** Reloads now if the version moved (on a broadcast, and by {@link #current()} at most every reload interval). */
    public synchronized RatingSnapshot refresh() {
        long version = hashmap.version();
        if (current == null || current.version() != version) {
            var rules = hashmap.snapshot();
            var loaded = Jdbc.inTransaction(dataSource, scripts::scripts);
            current = new RatingSnapshot(rules.version(), states(), rules, loaded, workers);
            LOG.infof("rating rules version %d loaded: %d mappings, %d thresholds, %d scripts", rules.version(), rules.mappings().size(),
                    rules.thresholds().size(), loaded.size());
        }
        checkedAtNanos = System.nanoTime();
        return current;
    }

    private Map<String, ModuleState> states() {
        return Jdbc.inTransaction(dataSource, c -> {
            Map<String, ModuleState> states = new HashMap<>();
            Jdbc.query(c, "SELECT name, enabled, priority FROM rating.module_state", rs -> {
                int priority = rs.getInt("priority");
                states.put(rs.getString("name"), new ModuleState(rs.getBoolean("enabled"), priority == 0 ? 1 : priority));
                return null;
            });
            return states;
        });
    }

    /** Stores a module's state and bumps the version in one transaction. */
    public void setState(String module, ModuleState state) {
        Jdbc.inTransaction(dataSource, c -> {
            Jdbc.update(c, "INSERT INTO rating.module_state (name, enabled, priority) VALUES (?, ?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled, priority = excluded.priority",
                    module, state.enabled(), state.priority());
            Jdbc.update(c, "UPDATE rating.ruleset_version SET version = version + 1, changed_at = now()");
            return null;
        });
        changed();
    }
}
