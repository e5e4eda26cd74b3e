package io.ratekit.scripts.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * Blank contexts made ahead, so that a frame does not wait for its fresh context (making one and
 * importing decimal takes longer than pricing a small frame). Each context is made, used once and
 * closed by one thread of its own: GraalPy's interpreter lock keeps per-thread state, and a
 * context made on one thread and run on another broke it. With two or more threads, one makes its
 * next context while another runs a script.
 */
final class SpareContexts implements AutoCloseable {

    /** Work for one blank context, run on the thread that made it. */
    @FunctionalInterface
    interface Use<T, E extends Exception> {
        T apply(ScriptContext context) throws E;
    }

    private final Supplier<ScriptContext> factory;
    private final BlockingQueue<Spare> ready = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    /** @param threads contexts made ahead at a time (at least 1) */
    SpareContexts(Supplier<ScriptContext> factory, int threads) {
        this.factory = factory;
        for (int i = 0; i < Math.max(1, threads); i++) {
            Thread thread = new Thread(this::serve, "script-context-" + i);
            thread.setDaemon(true);
            this.threads.add(thread);
            thread.start();
        }
    }

    /** Runs {@code use} with a blank context (waiting until one is ready) on the context's own thread, then closes the context. */
    <T, E extends Exception> T with(Use<T, E> use) throws E {
        Spare spare;
        try {
            spare = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a script context", e);
        }
        return spare.run(use);
    }

    // one thread: make a context, offer it, run the one job it is given, close it; again
    private void serve() {
        while (!closed) {
            Spare spare = new Spare();
            try {
                spare.context = factory.get();
            } catch (RuntimeException e) {
                spare.broken = e;
            }
            ready.add(spare);
            try {
                spare.job.take().run();
            } catch (InterruptedException e) {
                break;
            } finally {
                if (spare.context != null) {
                    spare.context.close();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
    }

    private static final class Spare {
        private final BlockingQueue<Runnable> job = new LinkedBlockingQueue<>();
        private volatile ScriptContext context;
        private volatile RuntimeException broken;

        <T, E extends Exception> T run(Use<T, E> use) throws E {
            if (broken != null) {
                job.add(() -> { }); // its thread tries again
                throw broken;
            }
            CompletableFuture<T> result = new CompletableFuture<>();
            job.add(() -> {
                try {
                    result.complete(use.apply(context));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            try {
                return result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                context.cancel();
                throw new IllegalStateException("interrupted while a script ran", e);
            } catch (ExecutionException e) {
                throw SpareContexts.<E>rethrow(e.getCause());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> RuntimeException rethrow(Throwable t) throws E {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error error) {
            throw error;
        }
        throw (E) t;
    }
}
