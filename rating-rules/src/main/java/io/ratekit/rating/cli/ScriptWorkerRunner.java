package io.ratekit.rating.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratekit.frames.FrameCodec;
import io.ratekit.rating.pyscripts.PyScript;
import io.ratekit.rating.pyscripts.ScriptException;
import io.ratekit.rating.pyscripts.ScriptRunner;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scripts of {@code rate}, run as the processor runs them: in one script-worker process
 * (module {@code script-worker}: GraalPy, CONSTRAINED sandbox, the worker's stdin/stdout protocol),
 * started on the first frame that has scripts to run, with the processor's default limits
 * (5 s per script and frame, 512 MB heap, 500 M statements). What the scripts print goes to stderr.
 *
 * <p>The processor's pool ({@code processor-service/.../pyscripts}) supervises several workers
 * under Quarkus configuration; this is the one-worker, one-caller version of the same protocol.
 */
final class ScriptWorkerRunner implements ScriptRunner, AutoCloseable {

    static final String MAIN = "io.ratekit.scripts.worker.ScriptWorkerMain";
    /** Set by the {@code rate} launcher: the worker's classes and their dependencies (GraalPy). */
    static final String CLASSPATH_PROPERTY = "ratekit.rate.worker-classpath";

    private static final Duration BUDGET = Duration.ofSeconds(5);
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final int MAX_OUTPUT = 64 * 1024 * 1024;
    private static final int MAX_ANSWER = MAX_OUTPUT * 6 + 16 * 1024 * 1024;

    private volatile PrintStream printed = System.err;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "script-worker-reader");
        t.setDaemon(true);
        return t;
    });
    private Process process;
    private DataOutputStream toWorker;
    private DataInputStream fromWorker;

    /** Where what the scripts print goes (the tool's stderr). */
    void printTo(PrintStream stream) {
        this.printed = stream;
    }

    @Override
    public Result run(List<PyScript> scripts, String frameJson) {
        ObjectNode request = FrameCodec.mapper().createObjectNode().put("op", "run").put("data", frameJson)
                .put("budget_ms", BUDGET.toMillis()).put("max_output", MAX_OUTPUT);
        ArrayNode list = request.putArray("scripts");
        scripts.forEach(s -> list.addObject().put("name", s.name()).put("checksum", s.checksum()).put("code", s.code()));
        String blamed = String.join(", ", scripts.stream().map(PyScript::name).toList());
        JsonNode answer = call(blamed, request, BUDGET.plus(GRACE).multipliedBy(scripts.size()));
        List<Printed> output = new ArrayList<>();
        for (JsonNode p : answer.path("printed")) {
            Printed line = new Printed(p.path("script").asText(), p.path("output").asText());
            output.add(line);
            line.output().lines().forEach(l -> printed.println("[script " + line.script() + "] " + l));
        }
        if (!answer.path("ok").asBoolean()) {
            throw new ScriptException(answer.path("script").asText(blamed), answer.path("kind").asText("error"),
                    answer.path("message").asText(), answer.path("line").asInt(), answer.path("column").asInt(), output);
        }
        return new Result(answer.path("data").asText(), output);
    }

    private JsonNode call(String blamed, JsonNode request, Duration timeout) {
        try {
            if (process == null) {
                start();
            }
            byte[] body = FrameCodec.mapper().writeValueAsBytes(request);
            toWorker.writeInt(body.length);
            toWorker.write(body);
            toWorker.flush();
            return receive(timeout);
        } catch (TimeoutException e) {
            kill();
            throw new ScriptException(blamed, "killed", "did not stop within " + timeout.toMillis() + " ms; its worker was killed");
        } catch (IOException e) {
            kill();
            throw new ScriptException(blamed, "killed", e.getMessage());
        }
    }

    private void start() throws IOException, TimeoutException {
        ProcessBuilder builder = new ProcessBuilder(command()).redirectError(ProcessBuilder.Redirect.INHERIT);
        // as in the processor: the scripts' JVM gets nothing of the caller's environment
        builder.environment().clear();
        builder.environment().put("LANG", "C.UTF-8");
        process = builder.start();
        toWorker = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        fromWorker = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        JsonNode ready = receive(START_TIMEOUT);
        if (!ready.path("ready").asBoolean()) {
            throw new IOException("the script worker said " + ready + " instead of ready");
        }
    }

    static List<String> command() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr", "-XX:+UseSerialGC",
                "-Dfile.encoding=UTF-8", "-Dpolyglot.engine.WarnInterpreterOnly=false",
                "-Dratekit.scripts.statement-limit=500000000",
                "-cp", classpath(), MAIN);
    }

    /** The launcher's worker classpath; under Maven (tests) the test classpath, which holds the worker. */
    static String classpath() {
        String configured = System.getProperty(CLASSPATH_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String candidate : new String[] {System.getProperty("surefire.test.class.path"), System.getProperty("java.class.path")}) {
            if (candidate != null && candidate.contains("polyglot") && candidate.contains("script-worker")) {
                return candidate;
            }
        }
        throw new ScriptException(null, ScriptException.UNAVAILABLE, "cannot find the script worker's classes: run rate through"
                + " bin/rate, which builds them, or set -D" + CLASSPATH_PROPERTY + "=<classpath>" + File.pathSeparator + "...");
    }

    private JsonNode receive(Duration timeout) throws IOException, TimeoutException {
        Future<JsonNode> answer = reader.submit(() -> {
            int length = fromWorker.readInt();
            if (length < 0 || length > MAX_ANSWER) {
                throw new IOException("the script worker broke the protocol (a message of " + length + " bytes)");
            }
            byte[] body = new byte[length];
            fromWorker.readFully(body);
            return FrameCodec.mapper().readTree(body);
        });
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the script worker", e);
        } catch (ExecutionException e) {
            throw new IOException(process.isAlive() ? "broken answer from the script worker: " + e.getCause()
                    : "the script worker died (exit " + exitValue() + (exitValue() == 3 ? ", out of memory" : "") + ")", e.getCause());
        }
    }

    private int exitValue() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            try {
                toWorker.close(); // end of stdin: the worker exits by itself
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (IOException | InterruptedException e) {
                kill();
            }
        }
        reader.shutdownNow();
    }
}
