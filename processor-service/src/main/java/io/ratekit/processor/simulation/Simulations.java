package io.ratekit.processor.simulation;

import io.quarkus.runtime.ShutdownEvent;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.processor.rating.RatingSnapshots;
import io.ratekit.rating.RatingException;
import io.ratekit.rating.RatingModule;
import io.ratekit.rating.RetryableRatingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs what-if simulations, one at a time per replica on a thread of their own (so rating live
 * frames keeps the other core), and keeps them in memory for polling: at most
 * {@link SimulationConfig#keep()}, each for {@link SimulationConfig#keepFor()} after it finished.
 * Nothing is written anywhere: the candidate's prices exist only in the comparison.
 */
@ApplicationScoped
public class Simulations {

    private static final Logger LOG = Logger.getLogger(Simulations.class);

    /** Too many simulations waiting or running on this replica. */
    public static class BusyException extends RuntimeException {
        BusyException(String message) {
            super(message);
        }
    }

    @Inject
    SimulationConfig config;
    @Inject
    StoredUsage usage;
    @Inject
    RatingSnapshots snapshots;

    private final Clock clock = Clock.systemUTC();
    private final Map<String, Simulation> kept = new LinkedHashMap<>(); // insertion order = oldest first
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rating-simulation");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        runner.shutdownNow();
    }

    /** Queues a simulation and returns it at once. */
    public Simulation submit(SimulationRequest request) {
        Simulation simulation = new Simulation(request, clock.instant());
        synchronized (kept) {
            evict();
            long pending = kept.values().stream().filter(s -> !s.isFinished()).count();
            if (pending >= config.maxPending()) {
                throw new BusyException(pending + " simulations are waiting or running on this processor (at most "
                        + config.maxPending() + "); poll them or try again later");
            }
            kept.put(simulation.id(), simulation);
        }
        try {
            runner.execute(() -> run(simulation));
        } catch (RejectedExecutionException e) {
            simulation.failed(new Simulation.Failure("the processor is shutting down", null, null, null), clock.instant());
        }
        return simulation;
    }

    public Optional<Simulation> get(String id) {
        synchronized (kept) {
            evict();
            return Optional.ofNullable(kept.get(id));
        }
    }

    private void evict() {
        Instant expired = clock.instant().minus(config.keepFor());
        kept.values().removeIf(s -> s.isFinished() && s.finishedAt().isBefore(expired));
        int excess = kept.size() - config.keep();
        for (Iterator<Simulation> it = kept.values().iterator(); excess > 0 && it.hasNext(); ) {
            if (it.next().isFinished()) {
                it.remove();
                excess--;
            }
        }
    }

    /** A frame the candidate could not rate: it would be dead-lettered in production, so the simulation stops there. */
    private static final class FrameFailed extends RuntimeException {
        final Simulation.Failure failure;

        FrameFailed(Simulation.Failure failure, Throwable cause) {
            super(failure.message(), cause);
            this.failure = failure;
        }
    }

    void run(Simulation simulation) {
        SimulationRequest request = simulation.request();
        Instant started = clock.instant();
        try {
            CandidatePipeline candidate = CandidatePipeline.of(snapshots.current(), request);
            simulation.started(started, candidate.modules().stream().map(RatingModule::name).toList(), candidate.basedOnVersion());
            simulation.total(usage.count(request.begin(), request.end(), request.scopes()));
            PriceComparison comparison = new PriceComparison();
            long[] ratingNanos = {0};
            usage.forEachFrame(request.begin(), request.end(), request.scopes(), stored -> {
                if (stopping) {
                    throw new FrameFailed(new Simulation.Failure("the processor is shutting down", null, null, null), null);
                }
                long t0 = System.nanoTime();
                Frame rated = rate(candidate, stored.unrated());
                compare(stored, rated, comparison);
                ratingNanos[0] += System.nanoTime() - t0;
                simulation.frameDone(stored.unrated().pointCount());
                return true;
            });
            simulation.done(new Simulation.Outcome(comparison.rows(), comparison.byType(), comparison.total()), clock.instant());
            // the split tells where a slow simulation spends its time: storage's read or the candidate's rating
            LOG.infof("simulation %s: %d points of %s..%s re-rated in %d ms (rating and comparing %d ms, the rest reading)", simulation.id(),
                    simulation.pointsDone(), request.begin(), request.end(), Duration.between(started, clock.instant()).toMillis(),
                    ratingNanos[0] / 1_000_000);
        } catch (FrameFailed e) {
            simulation.failed(e.failure, clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf(e, "simulation %s failed", simulation.id());
            simulation.failed(new Simulation.Failure(e.getMessage(), null, null, null), clock.instant());
        }
    }

    private static Frame rate(CandidatePipeline candidate, Frame unrated) {
        try {
            return candidate.pipeline().rate(unrated);
        } catch (RatingException e) {
            throw new FrameFailed(new Simulation.Failure("the candidate cannot rate this frame (in production it would be dead-lettered): "
                    + e.getMessage(), unrated.scopeId(), unrated.period().begin(), e.module()), e);
        } catch (RetryableRatingException e) {
            throw new FrameFailed(new Simulation.Failure("rating was not possible now: " + e.getMessage() + "; run the simulation again",
                    unrated.scopeId(), unrated.period().begin(), null), e);
        }
    }

    private static void compare(StoredUsage.StoredFrame stored, Frame rated, PriceComparison comparison) {
        Map<String, BigDecimal> candidate = new HashMap<>();
        rated.usage().forEach((type, points) -> {
            BigDecimal sum = BigDecimal.ZERO;
            for (DataPoint p : points) {
                sum = sum.add(p.price());
            }
            candidate.put(type, sum);
        });
        List<String> types = new ArrayList<>(stored.unrated().usage().keySet());
        candidate.keySet().stream().filter(t -> !stored.unrated().usage().containsKey(t)).forEach(types::add);
        String scope = stored.unrated().scopeId();
        for (String type : types) {
            List<DataPoint> points = stored.unrated().usage().getOrDefault(type, List.of());
            comparison.add(scope, type, points.size(), stored.qty().getOrDefault(type, BigDecimal.ZERO),
                    stored.storedPrice().getOrDefault(type, BigDecimal.ZERO), candidate.getOrDefault(type, BigDecimal.ZERO));
        }
    }
}
