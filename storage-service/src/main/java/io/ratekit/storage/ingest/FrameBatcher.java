package io.ratekit.storage.ingest;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.ratekit.frames.Frame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Gathers frames from the consumer into batches and stores each batch in one transaction on a
 * few writer threads: per-frame transactions cap ingest at a few thousand points per second,
 * batches of thousands of points do not. A frame's future completes once its batch committed.
 * If a batch fails, its frames are retried one by one so that one bad frame fails only itself.
 */
@ApplicationScoped
public class FrameBatcher {

    private static final Logger LOG = Logger.getLogger(FrameBatcher.class);

    private record Pending(Frame frame, CompletableFuture<Void> stored) {
    }

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    @Inject
    FrameWriter writer;
    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "ratekit.storage.batch.max-points", defaultValue = "20000")
    int maxPoints;
    @ConfigProperty(name = "ratekit.storage.batch.linger", defaultValue = "PT0.005S")
    Duration linger;
    @ConfigProperty(name = "ratekit.storage.batch.writers", defaultValue = "2")
    int writerCount;

    private DistributionSummary batchFrames;

    void start(@Observes StartupEvent event) {
        batchFrames = DistributionSummary.builder("ratekit.storage.batch.frames")
                .description("Frames stored per transaction").register(registry);
        running = true;
        for (int i = 0; i < writerCount; i++) {
            Thread t = new Thread(this::run, "ratekit-storage-writer-" + i);
            t.setDaemon(true);
            t.start();
            writers.add(t);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        writers.forEach(Thread::interrupt);
    }

    /** Queues {@code frame}; the stage completes when it is committed, or fails with the reason. */
    public CompletionStage<Void> submit(Frame frame) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        if (!running) {
            stored.completeExceptionally(new StorageException("storage is shutting down", null));
        } else {
            queue.add(new Pending(frame, stored));
        }
        return stored;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                batch.add(queue.take());
                int points = batch.get(0).frame().pointCount();
                while (points < maxPoints) {
                    Pending next = queue.poll(linger.toNanos(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    points += next.frame().pointCount();
                }
                store(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.forEach(p -> p.stored().completeExceptionally(new StorageException("storage is shutting down", null)));
                batch.clear();
            }
        }
    }

    private void store(List<Pending> batch) {
        try {
            writer.write(batch.stream().map(Pending::frame).toList());
            batchFrames.record(batch.size());
            batch.forEach(p -> p.stored().complete(null));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).stored().completeExceptionally(e);
                return;
            }
            LOG.warnf("a batch of %d frames failed (%s); storing them one by one", batch.size(), e.getMessage());
            for (Pending p : batch) {
                try {
                    writer.write(p.frame());
                    batchFrames.record(1);
                    p.stored().complete(null);
                } catch (RuntimeException single) {
                    p.stored().completeExceptionally(single);
                }
            }
        }
    }
}
