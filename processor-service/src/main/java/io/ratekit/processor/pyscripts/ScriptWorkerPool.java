package io.ratekit.processor.pyscripts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.ratekit.frames.FrameCodec;
import io.ratekit.rating.pyscripts.PyScript;
import io.ratekit.rating.pyscripts.ScriptException;
import io.ratekit.rating.pyscripts.ScriptRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The processor's script workers: a small pool of separate JVMs (GraalPy, CONSTRAINED sandbox),
 * started ahead when scripts are in use ({@link ScriptWorkerPrewarm}) or on first use, and supervised. Each script of a frame is one request to one worker, so a
 * failure is always the fault of a named script. A worker that does not answer within the
 * script's budget plus a grace (a built-in call that ignores cancellation) or that dies (out of
 * memory) is killed and replaced; its frame fails, the processor and the other workers carry on.
 */
@ApplicationScoped
public class ScriptWorkerPool implements ScriptRunner {

    private static final Logger LOG = Logger.getLogger(ScriptWorkerPool.class);
    // an answer is the frame plus what the scripts printed and a little JSON around it
    private static final int MESSAGE_SLACK = 16 * 1024 * 1024;

    @Inject
    PyscriptsConfig config;
    @Inject
    MeterRegistry metrics;

    private final LinkedBlockingQueue<WorkerProcess> idle = new LinkedBlockingQueue<>();
    private final java.util.Set<WorkerProcess> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "script-worker-reader");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService starters = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "script-worker-starter");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /** Starts the workers now rather than on the first frame (they take seconds to warm up). */
    public void prewarm() {
        for (int i = 0; i < config.workers(); i++) {
            startOneAsync();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        closed = true;
        List<WorkerProcess> busy = new ArrayList<>(all);
        idle.clear();
        busy.forEach(WorkerProcess::close); // busy ones too: a runaway built-in must not outlive the processor
        starters.shutdownNow();
        readers.shutdownNow();
    }

    @Override
    public Result run(List<PyScript> scripts, String frameJson) {
        List<Printed> printed = new ArrayList<>();
        String data = frameJson;
        for (PyScript script : scripts) {
            ObjectNode request = FrameCodec.mapper().createObjectNode().put("op", "run")
                    .put("data", data).put("budget_ms", config.budget().toMillis()).put("max_output", config.maxOutput());
            request.putArray("scripts").addObject().put("name", script.name()).put("checksum", script.checksum()).put("code", script.code());
            JsonNode answer = call(script.name(), request, config.budget().plus(config.grace()));
            for (JsonNode p : answer.path("printed")) {
                printed.add(new Printed(p.path("script").asText(), p.path("output").asText()));
            }
            if (!answer.path("ok").asBoolean()) {
                throw failure(script.name(), answer, printed);
            }
            data = answer.path("data").asText();
        }
        return new Result(data, printed);
    }

    /** Compiles {@code code}: null when it compiles, else the syntax error with its line and column. */
    public ScriptException check(String name, String code) {
        ObjectNode request = FrameCodec.mapper().createObjectNode().put("op", "check").put("name", name).put("code", code);
        JsonNode answer = call(name, request, config.budget().plus(config.grace()));
        return answer.path("ok").asBoolean() ? null : failure(name, answer, List.of());
    }

    private ScriptException failure(String script, JsonNode answer, List<Printed> printed) {
        String kind = answer.path("kind").asText("error");
        metrics.counter("ratekit_pyscripts_failures", "kind", kind).increment();
        return new ScriptException(script, kind, answer.path("message").asText(), answer.path("line").asInt(), answer.path("column").asInt(), printed);
    }

    private JsonNode call(String script, JsonNode request, Duration timeout) {
        WorkerProcess worker = borrow(script);
        try {
            JsonNode answer = worker.call(request, timeout);
            idle.add(worker);
            return answer;
        } catch (TimeoutException e) {
            replace(worker, "script '" + script + "' did not stop within " + timeout.toMillis() + " ms");
            metrics.counter("ratekit_pyscripts_failures", "kind", "killed").increment();
            throw new ScriptException(script, "killed", "ignored cancellation after its budget of " + config.budget().toMillis()
                    + " ms; its worker was killed and replaced");
        } catch (IOException e) {
            replace(worker, "script '" + script + "': " + e.getMessage());
            metrics.counter("ratekit_pyscripts_failures", "kind", "killed").increment();
            throw new ScriptException(script, "killed", e.getMessage() + "; its worker (heap " + config.workerHeap()
                    + ") was replaced");
        } catch (RuntimeException e) {
            replace(worker, "script '" + script + "': " + e);
            throw new ScriptException(script, ScriptException.UNAVAILABLE, "the call to its worker failed: " + e);
        }
    }

    private WorkerProcess borrow(String script) {
        if (closed) {
            throw new ScriptException(script, ScriptException.UNAVAILABLE, "the processor is shutting down");
        }
        WorkerProcess worker = idle.poll();
        if (worker == null && started.get() < config.workers()) {
            startOneAsync();
        }
        try {
            while (worker == null || !worker.alive()) {
                if (worker != null) {
                    replace(worker, "found dead while idle");
                }
                worker = idle.poll(config.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (worker == null) {
                    throw new ScriptException(script, ScriptException.UNAVAILABLE, "no script worker became free within " + config.startTimeout());
                }
            }
            return worker;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScriptException(script, ScriptException.UNAVAILABLE, "interrupted while waiting for a script worker");
        }
    }

    private void replace(WorkerProcess worker, String why) {
        LOG.warnf("killing script worker %d: %s", worker.pid(), why);
        all.remove(worker);
        worker.kill();
        metrics.counter("ratekit_pyscripts_workers_replaced").increment();
        started.decrementAndGet();
        if (!closed) {
            startOneAsync();
        }
    }

    private void startOneAsync() {
        if (started.incrementAndGet() > config.workers()) {
            started.decrementAndGet();
            return;
        }
        starters.submit(() -> {
            try {
                WorkerProcess worker = WorkerProcess.start(WorkerCommand.build(config), maxAnswer(),
                        config.startTimeout(), readers);
                LOG.infof("script worker %d ready", worker.pid());
                all.add(worker);
                if (closed) {
                    worker.close();
                } else {
                    idle.add(worker);
                }
            } catch (IOException | RuntimeException e) {
                started.decrementAndGet();
                LOG.errorf(e, "a script worker failed to start");
            }
        });
    }

    // the frame travels as a JSON string inside the answer: escaping and UTF-8 can grow it
    private int maxAnswer() {
        return (int) Math.min(512L * 1024 * 1024, config.maxOutput() * 6L + MESSAGE_SLACK);
    }
}
