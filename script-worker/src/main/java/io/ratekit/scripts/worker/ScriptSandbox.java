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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * GraalPy under {@link SandboxPolicy#CONSTRAINED} (no files, processes, sockets, host classes,
 * threads or other languages): one shared {@link Engine} so each script compiles once, one context
 * per script version, a statement limit and a wall-time budget per script and frame.
 */
final class ScriptSandbox implements AutoCloseable {

    record Script(String name, String checksum, String code) {
    }

    record Printed(String script, String output) {
    }

    /** The frame after every script, or the first failure; what each script printed, in order. */
    record Outcome(String data, ScriptFailure failure, String failedScript, List<Printed> printed) {
    }

    private static final int MAX_CONTEXTS = 64;

    private final Engine engine;
    private final ResourceLimits limits;
    private final Source runner;
    private final int maxPrinted;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "script-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ScriptContext> contexts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ScriptContext> eldest) {
            if (size() > MAX_CONTEXTS) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };

    ScriptSandbox(long statementLimit, int maxPrinted) {
        this.engine = Engine.newBuilder("python")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        // one instance for every context: a shared engine requires identical limits
        this.limits = ResourceLimits.newBuilder().statementLimit(statementLimit, null).build();
        this.runner = Source.newBuilder("python", resource("runner.py"), "ratekit-runner.py").buildLiteral();
        this.maxPrinted = maxPrinted;
    }

    /** Creates a context and imports what scripts use, so that the first frame does not pay for it. */
    void warmUp() throws ScriptFailure {
        String frame = "{\"period\": {\"begin\": \"2026-01-01T00:00:00+00:00\", \"end\": \"2026-01-01T01:00:00+00:00\"},"
                + " \"usage\": {\"x\": [{\"vol\": {\"unit\": \"u\", \"qty\": 1}, \"rating\": {\"price\": 0}, \"groupby\": {}, \"metadata\": {}}]}}";
        Outcome outcome = run(List.of(new Script("warm-up", "warm-up",
                "import decimal, math\nfor p in data['usage']['x']:\n    p['rating']['price'] = p['vol']['qty'] * decimal.Decimal('0.5')\n")),
                frame, 60_000, 1 << 20);
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        contexts.remove("warm-up@warm-up").close();
    }

    Outcome run(List<Script> scripts, String data, long budgetMillis, int maxOutput) {
        List<Printed> printed = new ArrayList<>();
        String current = data;
        for (Script script : scripts) {
            ScriptContext context;
            try {
                context = contextFor(script);
            } catch (ScriptFailure e) {
                return new Outcome(null, e, script.name(), printed);
            }
            try {
                current = runOne(script, context, current, budgetMillis, maxOutput);
            } catch (ScriptFailure e) {
                printed.add(new Printed(script.name(), context.printed()));
                return new Outcome(null, e, script.name(), printed);
            }
            printed.add(new Printed(script.name(), context.printed()));
        }
        return new Outcome(current, null, null, printed);
    }

    /** Compiles {@code code} in a throw-away context: null when it compiles, else the syntax error with line and column. */
    ScriptFailure check(String name, String code) {
        BoundedOutput printed = new BoundedOutput(1024);
        try (var context = ScriptContext.sandboxed(engine, limits, printed)) {
            context.eval(runner);
            ScriptContext.compile(context.getBindings("python"), name, code);
            return null;
        } catch (ScriptFailure e) {
            return e;
        }
    }

    private String runOne(Script script, ScriptContext context, String data, long budgetMillis, int maxOutput) throws ScriptFailure {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            timedOut.set(true);
            context.cancel();
        }, budgetMillis, TimeUnit.MILLISECONDS);
        try {
            String result = context.run(data, maxOutput);
            if (!alarm.cancel(false)) {
                // the alarm fired as the script finished: the answer stands, the context is (being) closed
                discard(script);
            }
            return result;
        } catch (IllegalStateException closed) {
            // a context closed by an alarm that raced with the previous frame: not this frame's fault
            discard(script);
            return contextFor(script).run(data, maxOutput);
        } catch (PolyglotException e) {
            discard(script);
            if (timedOut.get() || e.isCancelled()) {
                throw new ScriptFailure("timeout", "ran longer than its budget of " + budgetMillis + " ms and was stopped");
            }
            if (e.isExit()) {
                throw new ScriptFailure("exit", "called sys.exit(" + e.getExitStatus() + "); a script must leave its result in 'data'");
            }
            if (e.isResourceExhausted()) {
                throw new ScriptFailure("limit", "exceeded a resource limit: " + e.getMessage());
            }
            String message = e.getMessage();
            if (message != null && message.startsWith("ScriptExit: ")) {
                throw new ScriptFailure("exit", message.substring("ScriptExit: ".length()));
            }
            if (message != null && message.startsWith("InvalidData: ")) {
                String problem = message.substring("InvalidData: ".length());
                throw new ScriptFailure(problem.startsWith("the script's data is") ? "output" : "invalid", problem);
            }
            throw new ScriptFailure("error", message + location(e));
        } finally {
            alarm.cancel(false);
        }
    }

    private static String location(PolyglotException e) {
        var at = e.getSourceLocation();
        return at != null && at.getSource().getName().startsWith("<PyScripts") ? " (line " + at.getStartLine() + ")" : "";
    }

    private ScriptContext contextFor(Script script) throws ScriptFailure {
        String key = script.name() + "@" + script.checksum();
        ScriptContext context = contexts.get(key);
        if (context == null) {
            context = ScriptContext.create(engine, limits, runner, script.name(), script.code(), maxPrinted);
            contexts.put(key, context);
        }
        return context;
    }

    private void discard(Script script) {
        ScriptContext dead = contexts.remove(script.name() + "@" + script.checksum());
        if (dead != null) {
            dead.close();
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
        contexts.values().forEach(ScriptContext::close);
        contexts.clear();
        watchdog.shutdownNow();
        engine.close(true);
    }
}
