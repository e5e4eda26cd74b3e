package io.ratekit.processor.simulation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One what-if run and how far it got. Written by the thread running it, read by any request:
 * the progress counters are atomic, the outcome is published once through {@link #finished()}.
 */
public final class Simulation {

    public enum Status {
        QUEUED, RUNNING, DONE, FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Why a simulation failed: the frame the candidate could not rate (its scope and period), or what else went wrong. */
    public record Failure(String message, String scopeId, Instant periodBegin, String module) {
    }

    /** What a finished simulation found. */
    public record Outcome(List<PriceComparison.Row> rows, List<PriceComparison.Row> byType, PriceComparison.Row total) {
    }

    private final String id = UUID.randomUUID().toString();
    private final SimulationRequest request;
    private final Instant createdAt;
    private final AtomicLong pointsDone = new AtomicLong();
    private final AtomicLong framesDone = new AtomicLong();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile long pointsTotal = -1;
    private volatile Status status = Status.QUEUED;
    private volatile List<String> modules = List.of();
    private volatile long rulesVersion;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile Outcome outcome;
    private volatile Failure failure;

    Simulation(SimulationRequest request, Instant createdAt) {
        this.request = request;
        this.createdAt = createdAt;
    }

    void started(Instant at, List<String> moduleNames, long basedOnVersion) {
        startedAt = at;
        modules = List.copyOf(moduleNames);
        rulesVersion = basedOnVersion;
        status = Status.RUNNING;
    }

    void total(long points) {
        pointsTotal = points;
    }

    void frameDone(int points) {
        framesDone.incrementAndGet();
        pointsDone.addAndGet(points);
    }

    void done(Outcome result, Instant at) {
        outcome = result;
        // storage may have stored more (or replaced) frames since the count: the total is what was read
        pointsTotal = pointsDone.get();
        finish(Status.DONE, at);
    }

    void failed(Failure why, Instant at) {
        failure = why;
        finish(Status.FAILED, at);
    }

    private void finish(Status end, Instant at) {
        finishedAt = at;
        status = end;
        finished.complete(null);
    }

    public String id() {
        return id;
    }

    public SimulationRequest request() {
        return request;
    }

    public Status status() {
        return status;
    }

    public boolean isFinished() {
        return finished.isDone();
    }

    public CompletableFuture<Void> finished() {
        return finished;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public long pointsDone() {
        return pointsDone.get();
    }

    public long framesDone() {
        return framesDone.get();
    }

    /** -1 until counted. */
    public long pointsTotal() {
        return pointsTotal;
    }

    public List<String> modules() {
        return modules;
    }

    public long rulesVersion() {
        return rulesVersion;
    }

    public Outcome outcome() {
        return outcome;
    }

    public Failure failure() {
        return failure;
    }
}
