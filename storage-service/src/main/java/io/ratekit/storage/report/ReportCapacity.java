package io.ratekit.storage.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Slots for report requests: at most {@code max-concurrent} at once, at most
 * {@code max-concurrent-per-caller} of them for one caller, both below the reporting pool's size.
 * A request that finds no slot within {@code queue-wait} is answered 503 with {@code Retry-After}
 * instead of queueing for a database connection until the pool's acquisition timeout (a 500
 * before) — and while one caller floods, the other callers' requests still find slots.
 */
@ApplicationScoped
public class ReportCapacity {

    /** One admitted report; closing it (idempotent) frees its slots. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final ReportCapacityConfig config;
    private final Semaphore all;
    private final ConcurrentHashMap<String, CallerSlots> callers = new ConcurrentHashMap<>();
    private final Counter rejectedForCaller;
    private final Counter rejectedForAll;

    @Inject
    ReportCapacity(ReportCapacityConfig config, MeterRegistry registry,
                   @ConfigProperty(name = "quarkus.datasource.jdbc.max-size", defaultValue = "20") int poolSize) {
        if (config.maxConcurrent() < 1 || config.maxConcurrent() >= poolSize) {
            throw new IllegalStateException("ratekit.storage.reports.max-concurrent (" + config.maxConcurrent()
                    + ") must be at least 1 and below the reporting pool's size quarkus.datasource.jdbc.max-size (" + poolSize + ")");
        }
        if (config.maxConcurrentPerCaller() < 1 || config.maxConcurrentPerCaller() >= config.maxConcurrent()) {
            throw new IllegalStateException("ratekit.storage.reports.max-concurrent-per-caller (" + config.maxConcurrentPerCaller()
                    + ") must be at least 1 and below ratekit.storage.reports.max-concurrent (" + config.maxConcurrent() + ")");
        }
        this.config = config;
        this.all = new Semaphore(config.maxConcurrent(), true);
        this.rejectedForCaller = Counter.builder("ratekit.reports.rejected").tag("reason", "caller")
                .description("report requests answered 503 because their caller had max-concurrent-per-caller running").register(registry);
        this.rejectedForAll = Counter.builder("ratekit.reports.rejected").tag("reason", "capacity")
                .description("report requests answered 503 because max-concurrent reports were running").register(registry);
    }

    // a wrong configuration stops the service at start, not at the first report
    void checkAtStart(@Observes StartupEvent event) {
        all.availablePermits();
    }

    /**
     * A slot for one report of {@code caller} (a tenant's scope set or an operator's subject),
     * waiting at most {@code queue-wait}; otherwise {@link ReportsBusyException}.
     */
    public Slot enter(String caller) {
        long deadline = System.nanoTime() + config.queueWait().toNanos();
        CallerSlots own = callers.compute(caller, (k, slots) -> (slots == null ? new CallerSlots(config.maxConcurrentPerCaller()) : slots).join());
        boolean admitted = false;
        try {
            if (!acquire(own.permits, deadline)) {
                rejectedForCaller.increment();
                throw new ReportsBusyException("this caller already runs " + config.maxConcurrentPerCaller()
                        + " reports at once; retry when one has finished");
            }
            if (!acquire(all, deadline)) {
                own.permits.release();
                rejectedForAll.increment();
                throw new ReportsBusyException("the service runs as many reports at once as it can; retry shortly");
            }
            admitted = true;
            return new AdmittedSlot(caller, own);
        } finally {
            if (!admitted) {
                leave(caller);
            }
        }
    }

    /** The 503 answer, with this service's {@code Retry-After}. */
    public Response busy(String message) {
        return ReportsBusyMapper.busy(message, retryAfterSeconds());
    }

    long retryAfterSeconds() {
        Duration d = config.retryAfter();
        return Math.max(1, d.getSeconds() + (d.getNano() > 0 ? 1 : 0));
    }

    /** Callers with a slot or waiting for one (for tests: entries do not pile up). */
    int callersTracked() {
        return callers.size();
    }

    private static boolean acquire(Semaphore semaphore, long deadline) {
        try {
            return semaphore.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void leave(String caller) {
        callers.computeIfPresent(caller, (k, slots) -> slots.leave() ? null : slots);
    }

    /** One caller's permits and how many of its requests hold or wait for one (0: forget the caller). */
    private static final class CallerSlots {
        final Semaphore permits;
        private int present; // guarded by the map's compute

        CallerSlots(int permits) {
            this.permits = new Semaphore(permits, true);
        }

        CallerSlots join() {
            present++;
            return this;
        }

        boolean leave() {
            return --present == 0;
        }
    }

    private final class AdmittedSlot implements Slot {
        private final String caller;
        private final CallerSlots own;
        private final AtomicBoolean open = new AtomicBoolean(true);

        AdmittedSlot(String caller, CallerSlots own) {
            this.caller = caller;
            this.own = own;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                all.release();
                own.permits.release();
                leave(caller);
            }
        }
    }
}
