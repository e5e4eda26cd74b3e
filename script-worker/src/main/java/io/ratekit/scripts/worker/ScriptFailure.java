package io.ratekit.scripts.worker;

/** Why a script did not produce a frame: {@code kind} is error, syntax, timeout, exit, limit or output. */
final class ScriptFailure extends Exception {

    private final String kind;
    private final int line;
    private final int column;

    ScriptFailure(String kind, String message) {
        this(kind, message, 0, 0);
    }

    ScriptFailure(String kind, String message, int line, int column) {
        super(message);
        this.kind = kind;
        this.line = line;
        this.column = column;
    }

    String kind() {
        return kind;
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }
}
