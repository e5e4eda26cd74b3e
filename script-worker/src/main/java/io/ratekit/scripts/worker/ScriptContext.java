package io.ratekit.scripts.worker;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import java.io.InputStream;

/**
 * One script version in a context of its own (contexts are never shared between scripts, so a
 * script that monkeypatches a module changes nothing for the others), compiled once, run many
 * times with fresh globals. A context that was cancelled, exited or hit a limit is dead.
 */
final class ScriptContext implements AutoCloseable {

    private final Context context;
    private final Value run;
    private final Value code;
    private final BoundedOutput printed;

    private ScriptContext(Context context, Value run, Value code, BoundedOutput printed) {
        this.context = context;
        this.run = run;
        this.code = code;
        this.printed = printed;
    }

    static Context sandboxed(Engine engine, ResourceLimits limits, BoundedOutput printed) {
        return Context.newBuilder("python")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(printed)
                .err(printed)
                .in(InputStream.nullInputStream())
                .resourceLimits(limits)
                .build();
    }

    /** @throws ScriptFailure of kind {@code syntax} with line and column when the script does not compile */
    static ScriptContext create(Engine engine, ResourceLimits limits, Source runner, String name, String source, int maxPrinted)
            throws ScriptFailure {
        BoundedOutput printed = new BoundedOutput(maxPrinted);
        Context context = sandboxed(engine, limits, printed);
        try {
            context.eval(runner);
            Value bindings = context.getBindings("python");
            Value code = compile(bindings, name, source);
            return new ScriptContext(context, bindings.getMember("ratekit_run"), code, printed);
        } catch (ScriptFailure | RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    static Value compile(Value bindings, String name, String source) throws ScriptFailure {
        try {
            return bindings.getMember("ratekit_compile").execute(source, name);
        } catch (PolyglotException e) {
            if (e.isSyntaxError() || String.valueOf(e.getMessage()).startsWith("SyntaxError")) {
                int line = e.getSourceLocation() == null ? 0 : e.getSourceLocation().getStartLine();
                int column = e.getSourceLocation() == null ? 0 : e.getSourceLocation().getStartColumn();
                throw new ScriptFailure("syntax", e.getMessage(), line, column);
            }
            throw new ScriptFailure("error", e.getMessage());
        }
    }

    /** Runs the script on {@code payload} (the frame as JSON); returns the script's {@code data} as JSON. */
    String run(String payload, int maxOutput) {
        context.resetLimits();
        printed.reset();
        return run.execute(code, payload, maxOutput).asString();
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
