package io.ratekit.processor.pyscripts;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratekit.frames.FrameCodec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One script-worker process and its pipes: a request is a 4-byte length and a JSON object on the
 * worker's stdin, the answer the same on its stdout. A worker that does not answer in time is
 * killed: nothing it was doing can be trusted afterwards.
 */
final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final int maxAnswer;
    private final DataOutputStream toWorker;
    private final DataInputStream fromWorker;
    private final ExecutorService readers;

    private WorkerProcess(Process process, int maxAnswer, ExecutorService readers) {
        this.process = process;
        this.maxAnswer = maxAnswer;
        this.toWorker = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.fromWorker = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        this.readers = readers;
    }

    /** Starts a worker and waits for its {@code {"ready": true}} (it imports and warms up first). */
    static WorkerProcess start(List<String> command, int maxAnswer, Duration startTimeout, ExecutorService readers) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        // nothing of the processor's environment (database and identity secrets) reaches the scripts' JVM
        builder.environment().clear();
        builder.environment().put("LANG", "C.UTF-8");
        Process process = builder.start();
        WorkerProcess worker = new WorkerProcess(process, maxAnswer, readers);
        try {
            JsonNode ready = worker.receive(startTimeout);
            if (!ready.path("ready").asBoolean()) {
                throw new IOException("script worker said " + ready + " instead of ready");
            }
            return worker;
        } catch (IOException | TimeoutException e) {
            worker.kill();
            throw new IOException("script worker did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Sends {@code request} and waits for the answer.
     *
     * @throws TimeoutException when the worker did not answer within {@code timeout} (kill it)
     * @throws IOException when the worker died or broke the protocol (kill it)
     */
    JsonNode call(JsonNode request, Duration timeout) throws IOException, TimeoutException {
        byte[] body = FrameCodec.mapper().writeValueAsBytes(request);
        toWorker.writeInt(body.length);
        toWorker.write(body);
        toWorker.flush();
        return receive(timeout);
    }

    private JsonNode receive(Duration timeout) throws IOException, TimeoutException {
        Future<JsonNode> answer = readers.submit(() -> {
            int length = fromWorker.readInt();
            if (length < 0 || length > maxAnswer) {
                throw new IOException("the worker broke the protocol (a message of " + length + " bytes)");
            }
            byte[] body = new byte[length];
            fromWorker.readFully(body);
            return FrameCodec.mapper().readTree(body);
        });
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new IOException("interrupted while waiting for the script worker", e);
        } catch (ExecutionException e) {
            throw new IOException(process.isAlive() ? "broken answer: " + e.getCause()
                    : "the worker died (exit " + exitValue() + (exitValue() == 3 ? ", out of memory" : "") + ")", e.getCause());
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw e;
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

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            toWorker.close(); // end of stdin: the worker exits by itself
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (IOException | InterruptedException e) {
            kill();
        }
    }
}
