package io.ratekit.rating.pyscripts;

import java.util.List;

/**
 * A script that did not produce a frame. {@code kind}: {@code error} (it raised), {@code syntax},
 * {@code timeout} (stopped after its budget), {@code exit} (sys.exit), {@code limit} (statement
 * limit), {@code output} (too large), {@code invalid} (its data is not a frame), {@code killed}
 * (its worker ignored cancellation or ran out of memory and was replaced), {@code unavailable}.
 */
public class ScriptException extends RuntimeException {

    /** No worker could run the script now; not the script's fault. */
    public static final String UNAVAILABLE = "unavailable";

    private final String script;
    private final String kind;
    private final int line;
    private final int column;
    private final List<ScriptRunner.Printed> printed;

    public ScriptException(String script, String kind, String message, int line, int column, List<ScriptRunner.Printed> printed) {
        super((script == null ? "" : "script '" + script + "': ") + message);
        this.script = script;
        this.kind = kind;
        this.line = line;
        this.column = column;
        this.printed = printed == null ? List.of() : List.copyOf(printed);
    }

    public ScriptException(String script, String kind, String message) {
        this(script, kind, message, 0, 0, List.of());
    }

    public String script() {
        return script;
    }

    public String kind() {
        return kind;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public List<ScriptRunner.Printed> printed() {
        return printed;
    }
}
