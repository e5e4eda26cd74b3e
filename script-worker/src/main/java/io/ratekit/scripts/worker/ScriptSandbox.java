package io.ratekit.scripts.worker;

import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * GraalPy under {@link SandboxPolicy#CONSTRAINED} (no files, processes, sockets, host classes,
 * threads or other languages): one shared {@link Engine}, so the runner's and the standard
 * library's code is parsed and compiled once per worker; a brand-new context for every script on
 * every frame ({@link ScriptContext}), made ahead ({@link SpareContexts}); a statement limit and a
 * wall-time budget per script and frame. Nothing of a frame outlives it in the worker: the
 * sandbox keeps no Python object and no cache between requests.
 */
final class ScriptSandbox implements AutoCloseable {

    record Script(String name, String checksum, String code) {
    }

    record Printed(String script, String output) {
    }

    /** The frame after every script, or the first failure; what each script printed, in order. */
    record Outcome(String data, ScriptFailure failure, String failedScript, List<Printed> printed) {
    }

    private final Engine engine;
    private final ResourceLimits limits;
    private final Source runner;
    private final SpareContexts spares;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "script-watchdog");
        t.setDaemon(true);
        return t;
    });

    ScriptSandbox(long statementLimit, int maxPrinted) {
        this(statementLimit, maxPrinted, 1);
    }

    /** @param spareContexts blank contexts made ahead at a time (at least one) */
    ScriptSandbox(long statementLimit, int maxPrinted, int spareContexts) {
        this.engine = Engine.newBuilder("python")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        // one instance for every context: a shared engine requires identical limits
        this.limits = ResourceLimits.newBuilder().statementLimit(statementLimit, null).build();
        this.runner = Source.newBuilder("python", resource("runner.py"), "ratekit-runner.py").buildLiteral();
        this.spares = new SpareContexts(() -> ScriptContext.blank(engine, limits, runner, maxPrinted), spareContexts);
    }

    /** Runs a script once, so that the first frame does not pay for imports and parsing; then makes the spares. */
    void warmUp() throws ScriptFailure {
        String frame = "{\"period\": {\"begin\": \"2026-01-01T00:00:00+00:00\", \"end\": \"2026-01-01T01:00:00+00:00\"},"
                + " \"usage\": {\"x\": [{\"vol\": {\"unit\": \"u\", \"qty\": 1}, \"rating\": {\"price\": 0}, \"groupby\": {}, \"metadata\": {}}]}}";
        Outcome outcome = run(List.of(new Script("warm-up", "warm-up",
                "import decimal, math\nfor p in data['usage']['x']:\n    p['rating']['price'] = p['vol']['qty'] * decimal.Decimal('0.5')\n")),
                frame, 60_000, 1 << 20);
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
    }

    Outcome run(List<Script> scripts, String data, long budgetMillis, int maxOutput) {
        List<Printed> printed = new ArrayList<>();
        String current = data;
        for (Script script : scripts) {
            String input = current;
            try {
                current = spares.with(context -> {
                    try {
                        return runOne(script, context, input, budgetMillis, maxOutput);
                    } finally {
                        printed.add(new Printed(script.name(), context.printed()));
                    }
                });
            } catch (ScriptFailure e) {
                return new Outcome(null, e, script.name(), printed);
            } catch (PolyglotException e) {
                // making the blank context failed: the sandbox's fault, not the script's
                return new Outcome(null, ScriptErrors.internal("making a context for script '" + script.name() + "'", e),
                        script.name(), printed);
            }
        }
        return new Outcome(current, null, null, printed);
    }

    /** Parses {@code code} in a blank context: null when it compiles, else the syntax error with line and column. */
    ScriptFailure check(String name, String code) {
        Source source = Source.newBuilder("python", code, ScriptErrors.sourceName(name)).cached(false).buildLiteral();
        try {
            return spares.with(context -> {
                context.parse(source);
                return null;
            });
        } catch (PolyglotException e) {
            return ScriptErrors.isSyntax(e) ? ScriptErrors.failure(e, false, 0) : ScriptErrors.internal("checking script '" + name + "'", e);
        }
    }

    private String runOne(Script script, ScriptContext context, String data, long budgetMillis, int maxOutput) throws ScriptFailure {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            timedOut.set(true);
            context.cancel();
        }, budgetMillis, TimeUnit.MILLISECONDS);
        try {
            return context.run(script.code(), ScriptErrors.sourceName(script.name()), data, maxOutput);
        } catch (PolyglotException e) {
            throw ScriptErrors.failure(e, timedOut.get(), budgetMillis);
        } catch (IllegalStateException e) {
            // the context was closed by an alarm that fired as the script ended
            throw new ScriptFailure("timeout", "ran longer than its budget of " + budgetMillis + " ms and was stopped");
        } finally {
            alarm.cancel(false);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ScriptSandbox.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        spares.close();
        watchdog.shutdownNow();
        engine.close(true);
    }
}
