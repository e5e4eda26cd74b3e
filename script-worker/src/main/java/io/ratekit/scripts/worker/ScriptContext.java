package io.ratekit.scripts.worker;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import java.io.InputStream;

/**
 * A blank context for exactly one script on one frame, then closed. Nothing a script can change
 * (builtins, module or class attributes, the decimal context, the runner's functions and caches,
 * {@code __main__}) lives longer than the context, and no context ever sees a second frame, so no
 * script can pass anything to a later frame, another scope or a dry run. What contexts share is
 * the {@link Engine}: code (the runner's, the standard library's), never a Python object.
 */
final class ScriptContext implements AutoCloseable {

    private final Context context;
    private final Value prepare;
    private final Value run;
    private final Value finish;
    private final BoundedOutput printed;
    private boolean used;

    private ScriptContext(Context context, Value prepare, Value run, Value finish, BoundedOutput printed) {
        this.context = context;
        this.prepare = prepare;
        this.run = run;
        this.finish = finish;
        this.printed = printed;
    }

    /** A context with the runner loaded (it imports decimal, json and datetime) whose globals hold nothing of it. */
    static ScriptContext blank(Engine engine, ResourceLimits limits, Source runner, int maxPrinted) {
        BoundedOutput printed = new BoundedOutput(maxPrinted);
        Context context = Context.newBuilder("python")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(printed)
                .err(printed)
                .in(InputStream.nullInputStream())
                .resourceLimits(limits)
                .build();
        try {
            context.eval(runner);
            Value bindings = context.getBindings("python");
            Value prepare = bindings.getMember("ratekit_prepare");
            Value run = bindings.getMember("ratekit_run");
            Value finish = bindings.getMember("ratekit_finish");
            for (String name : new String[] {"ratekit_prepare", "ratekit_run", "ratekit_finish"}) {
                bindings.removeMember(name);
            }
            printed.reset();
            return new ScriptContext(context, prepare, run, finish, printed);
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    /**
     * Runs {@code code} on {@code payload} (the frame as JSON) with globals of its own holding only
     * {@code data}; returns the script's {@code data} as JSON. Once per context.
     */
    String run(String code, String sourceName, String payload, int maxOutput) {
        if (used) {
            throw new IllegalStateException("a script context runs one script on one frame");
        }
        used = true;
        context.resetLimits();
        Value data = run.execute(code, sourceName, prepare.execute(payload));
        return finish.execute(data, maxOutput).asString();
    }

    /** Parses {@code script} without running it; a syntax error is thrown as a PolyglotException. */
    void parse(Source script) {
        used = true;
        context.parse(script);
    }

    String printed() {
        return printed.text();
    }

    /** Cancels whatever runs in the context, from any thread. */
    void cancel() {
        context.close(true);
    }

    @Override
    public void close() {
        context.close(true);
    }
}
