package io.ratekit.collector.source.vsphere;

import io.ratekit.service.security.RowAccess;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.ratekit.collector.event.EventStore;
import io.ratekit.collector.source.vsphere.VsphereClient.VmChange;
import io.ratekit.collector.source.vsphere.VsphereClient.VmInventory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The vSphere source: polls a vCenter for its VM inventory and VM events, turns them into
 * lifecycle events ({@link VsphereLifecycle}) and stores them with the other events, from which
 * the collector computes each scope's usage per period. A failed poll (vCenter unreachable,
 * login refused, session expired, timeout) stores nothing, is retried with a doubling backoff and
 * shows in {@code /q/health} and the metrics; the events it would have read are read by the next
 * successful poll, so no period is lost or half-written.
 */
@ApplicationScoped
public class VsphereCollector {

    private static final Logger LOG = Logger.getLogger(VsphereCollector.class);

    /** What one poll did. */
    public record Poll(int vms, int unmapped, int vcenterEvents, int lifecycleEvents, int samples, long soapCalls, Duration took) {
    }

    @Inject
    VsphereCollectorConfig config;
    @Inject
    EventStore eventStore;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry registry;

    private TenantMapping mapping;
    private VsphereClient session;
    private volatile String lastError;
    private volatile Instant nextAttempt = Instant.EPOCH;
    private volatile Duration backoff;
    private final AtomicLong unmapped = new AtomicLong();
    private final AtomicLong soapCalls = new AtomicLong();
    private final AtomicLong unknownSkipped = new AtomicLong();
    private Counter polls;
    private Counter failures;

    void validate(@Observes StartupEvent event) {
        // a bad rule or a missing URL stops the service at start, with the setting named
        mapping = TenantMapping.parse(config.tenantFrom(), config.defaultScope());
        if (config.enabled() && config.url().isEmpty()) {
            throw new IllegalStateException("ratekit.collector.vsphere.url is required when ratekit.collector.vsphere.enabled=true");
        }
        if (config.utilisationInterval() != 0 && config.utilisationInterval() != 20 && config.utilisationInterval() != 300) {
            throw new IllegalStateException("ratekit.collector.vsphere.utilisation-interval: 20 (real-time), 300 (historical) or 0 (off), got "
                    + config.utilisationInterval());
        }
        backoff = config.backoff();
        polls = Counter.builder("ratekit.vsphere.polls").description("Successful polls of the vCenter").register(registry);
        failures = Counter.builder("ratekit.vsphere.poll.failures").description("Failed polls (unreachable, login, timeout)").register(registry);
        registry.gauge("ratekit.vsphere.vms.unmapped", unmapped);
        registry.gauge("ratekit.vsphere.soap.calls", soapCalls);
        registry.gauge("ratekit.vsphere.unknown.skipped", unknownSkipped);
        if (config.enabled()) {
            LOG.infof("vSphere source: %s, scopes from %s, default scope %s", config.url().get(), mapping.rule(), config.defaultScope());
        }
    }

    @Scheduled(every = "${ratekit.collector.vsphere.poll-every:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        if (config.enabled() && !Instant.now().isBefore(nextAttempt)) {
            pollSafely();
        }
    }

    /** Polls now; a failure is recorded for health and metrics and schedules the retry. */
    public synchronized boolean pollSafely() {
        try {
            Poll poll = poll(Instant.now());
            LOG.debugf("vSphere poll: %s", poll);
            return true;
        } catch (RuntimeException e) {
            failures.increment();
            lastError = e.getMessage();
            nextAttempt = Instant.now().plus(backoff);
            LOG.warnf("vSphere poll failed, next attempt in %s: %s", backoff, e.getMessage());
            backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : backoff.multipliedBy(2);
            dropSession();
            return false;
        }
    }

    /** One poll: inventory and events read, translated, stored. Throws if anything fails (nothing is then stored). */
    public synchronized Poll poll(Instant now) {
        long started = System.nanoTime();
        VsphereClient client = session();
        long callsBefore = client.soapCalls();
        String vcenter = client.instanceId();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            RowAccess.ALL.apply(c); // the collector's own work covers every scope
            try {
                VsphereState.Progress progress = VsphereState.lockAndReadProgress(c, vcenter);
                int lastKey = progress.lastEventKey();
                Map<String, KnownVm> known = VsphereState.knownVms(c, vcenter);
                Map<String, KnownVm> before = Map.copyOf(known);
                List<VmChange> changes = client.vmChangesAfter(lastKey);
                List<VmInventory> inventory = client.inventory();
                VsphereLifecycle.Result result = new VsphereLifecycle(vcenter, mapping, known).translate(changes, inventory, now);
                if (!result.events().isEmpty()) {
                    eventStore.ingest(result.events());
                }
                int samples = readUtilisation(c, client, known, inventory, progress.lastPoll(), now);
                int newKey = changes.stream().mapToInt(VmChange::key).max().orElse(lastKey);
                VsphereState.save(c, vcenter, changed(before, known), Math.max(lastKey, newKey), now, inventory.size(), result.unmapped());
                c.commit();
                polls.increment();
                lastError = null;
                backoff = config.backoff();
                unmapped.set(result.unmapped());
                soapCalls.set(client.soapCalls());
                unknownSkipped.set(client.unknownSkipped());
                return new Poll(inventory.size(), result.unmapped(), changes.size(), result.events().size(), samples,
                        client.soapCalls() - callsBefore, Duration.ofNanos(System.nanoTime() - started));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("vSphere poll could not be stored: " + e.getMessage(), e);
        }
    }

    // the running VMs' samples since the last poll (the first poll looks back one interval)
    private int readUtilisation(Connection c, VsphereClient client, Map<String, KnownVm> known, List<VmInventory> inventory,
                                Instant lastPoll, Instant now) throws SQLException {
        int interval = config.utilisationInterval();
        if (interval == 0) {
            return 0;
        }
        List<String> running = inventory.stream().filter(vm -> VmAttributes.POWERED_ON.equals(vm.powerState())).map(VmInventory::moref).toList();
        if (running.isEmpty()) {
            return 0;
        }
        Instant from = lastPoll != null ? lastPoll : now.minusSeconds(interval);
        List<VsphereClient.Sample> samples = client.utilisation(running, List.copyOf(UtilisationMetric.VM_COUNTERS.keySet()), from, now, interval);
        return VsphereState.saveSamples(c, known, samples, UtilisationMetric.VM_COUNTERS);
    }

    // only the VMs whose recorded state this poll changed are written back
    private static Map<String, KnownVm> changed(Map<String, KnownVm> before, Map<String, KnownVm> after) {
        Map<String, KnownVm> changed = new java.util.HashMap<>();
        after.forEach((moref, vm) -> {
            if (!vm.equals(before.get(moref))) {
                changed.put(moref, vm);
            }
        });
        return changed;
    }

    /** Null when the last poll succeeded (or none was tried); else why it failed. */
    public String lastError() {
        return lastError;
    }

    public boolean enabled() {
        return config.enabled();
    }

    private VsphereClient session() {
        if (session == null) {
            session = VijavaVsphereClient.connect(config.url().orElseThrow(), config.user().orElse(""), config.password().orElse(""),
                    config.ignoreCertificate(), config.timeout(), config.pageSize(), config.readTags() || mapping.usesTags());
        }
        return session;
    }

    // an expired or broken session is replaced by a fresh login on the next attempt
    private void dropSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
