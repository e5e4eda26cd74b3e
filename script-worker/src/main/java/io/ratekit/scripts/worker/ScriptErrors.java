package io.ratekit.scripts.worker;

import org.graalvm.polyglot.PolyglotException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a script author is told when a script fails: the script's own Python error, or a neutral
 * sentence. Never a Java exception, class name or stack: those describe the host, so they go to
 * the worker's stderr (the processor's log) under a reference the author's message names.
 */
final class ScriptErrors {

    static final String SOURCE_PREFIX = "<PyScripts: ";
    // host text that a Python-level error can carry (GraalPy wraps some refusals of the sandbox)
    private static final Pattern HOST_TEXT = Pattern.compile(
            "\\b(?:java|javax|jdk|sun|com\\.oracle|com\\.sun|org\\.graalvm|com\\.fasterxml|io\\.ratekit)\\.[A-Za-z_$][\\w$]*");

    private ScriptErrors() {
    }

    static String sourceName(String script) {
        return SOURCE_PREFIX + script + ">";
    }

    /** The failure of a script that raised, was stopped or broke a limit, in words fit for its author. */
    static ScriptFailure failure(PolyglotException e, boolean timedOut, long budgetMillis) {
        if (e.isResourceExhausted() && !timedOut) { // a statement limit hit also reads as cancelled
            return new ScriptFailure("limit", "executed more statements than a script may on one frame");
        }
        if (timedOut || e.isCancelled()) {
            return new ScriptFailure("timeout", "ran longer than its budget of " + budgetMillis + " ms and was stopped");
        }
        if (e.isExit()) {
            return new ScriptFailure("exit", "called sys.exit(" + e.getExitStatus() + "); a script must leave its result in 'data'");
        }
        if (isSyntax(e)) {
            var at = e.getSourceLocation();
            return new ScriptFailure("syntax", message(e), at == null ? 0 : at.getStartLine(), at == null ? 0 : at.getStartColumn());
        }
        if (e.isHostException() || e.isInternalError() || !e.isGuestException()) {
            // GraalPy refuses some operations of the sandbox (sockets, threads) with a Java exception
            return refusal(String.valueOf(e.getMessage()))
                    ? new ScriptFailure("error", "PermissionError: the sandbox does not allow this operation (reference "
                            + log("the sandbox refused an operation", e) + ")" + location(e))
                    : internal("running a script", e);
        }
        String message = message(e);
        if (message.startsWith("ScriptExit: ")) {
            return new ScriptFailure("exit", message.substring("ScriptExit: ".length()));
        }
        if (message.startsWith("InvalidData: ")) {
            String problem = message.substring("InvalidData: ".length());
            return new ScriptFailure(problem.startsWith("the script's data is") ? "output" : "invalid", problem);
        }
        return new ScriptFailure("error", message + location(e));
    }

    static boolean isSyntax(PolyglotException e) {
        String message = String.valueOf(e.getMessage());
        return e.isSyntaxError() || message.startsWith("SyntaxError") || message.startsWith("IndentationError") || message.startsWith("TabError");
    }

    /** The Python error's text, with anything that names the host replaced by a neutral sentence (and logged). */
    static String message(PolyglotException e) {
        String message = String.valueOf(e.getMessage());
        if (!HOST_TEXT.matcher(message).find()) {
            return message;
        }
        String reference = log("a script's error named the host", e);
        String type = refusal(message) ? "PermissionError: the sandbox does not allow this operation" : "RuntimeError: the sandbox could not do this";
        return type + " (reference " + reference + ")";
    }

    private static boolean refusal(String message) {
        return message.contains("SecurityException") || message.contains("not allowed") || message.contains("was excluded");
    }

    /** A failure of the sandbox rather than of the script: a neutral message and a reference to the full text in the log. */
    static ScriptFailure internal(String doing, Throwable e) {
        return new ScriptFailure("error", "the script sandbox failed while " + doing + " (reference " + log(doing, e) + " in the processor's log)");
    }

    static String log(String what, Throwable e) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        StringWriter stack = new StringWriter();
        e.printStackTrace(new PrintWriter(stack));
        System.err.println("script worker: " + what + " [reference " + reference + "]: " + stack);
        return reference;
    }

    private static String location(PolyglotException e) {
        var at = e.getSourceLocation();
        return at != null && at.getSource().getName().startsWith(SOURCE_PREFIX) ? " (line " + at.getStartLine() + ")" : "";
    }
}
