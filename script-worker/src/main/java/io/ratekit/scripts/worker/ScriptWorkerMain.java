package io.ratekit.scripts.worker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A script worker: started by the processor, it answers one request at a time on stdin/stdout,
 * each message a 4-byte big-endian length and a JSON object. Requests:
 * <pre>
 * {"op": "run", "scripts": [{"name", "checksum", "code"}], "data": "frame JSON", "budget_ms": n, "max_output": n}
 *   → {"ok": true, "data": "frame JSON", "printed": [{"script", "output"}]}
 *   | {"ok": false, "script", "kind", "message", "line", "column", "printed"}
 * {"op": "check", "name", "code"} → {"ok": true} | {"ok": false, "kind": "syntax", "message", "line", "column"}
 * </pre>
 * It says {@code {"ready": true}} once warm. Exits when stdin closes; the JVM exits on
 * OutOfMemoryError (the processor starts it with {@code -XX:+ExitOnOutOfMemoryError}) and the
 * processor replaces it. Every script runs in a context of its own, made for that frame (see
 * {@link ScriptSandbox}).
 * <p>
 * {@code ScriptWorkerMain copy-resources DIR} unpacks GraalPy's Python home into DIR and exits:
 * the processor does this once, as its own user, and starts workers with
 * {@code -Dpolyglot.engine.resourcePath=DIR}, so the standard library the workers read is neither
 * in a home directory nor writable by them.
 */
public final class ScriptWorkerMain {

    private static final int MAX_REQUEST = 512 * 1024 * 1024;
    // the frame travels as one JSON string: it may be as long as the message that carries it
    // (Jackson's default, 20 M characters, would refuse frames below the documented 64 MiB)
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_REQUEST).build()).build());

    private ScriptWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("copy-resources")) {
            org.graalvm.polyglot.Engine.copyResources(Path.of(args[1]), "python");
            return;
        }
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(System.err); // stdout carries protocol frames and nothing else
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        long statementLimit = Long.getLong("ratekit.scripts.statement-limit", 500_000_000L);
        int maxPrinted = Integer.getInteger("ratekit.scripts.max-printed", 64 * 1024);
        int spares = Integer.getInteger("ratekit.scripts.spare-contexts", 1);
        try (ScriptSandbox sandbox = new ScriptSandbox(statementLimit, maxPrinted, spares)) {
            sandbox.warmUp();
            write(out, JSON.createObjectNode().put("ready", true));
            while (true) {
                JsonNode request;
                try {
                    request = read(in);
                } catch (EOFException closed) {
                    return;
                }
                ObjectNode answer;
                try {
                    answer = request == null ? JSON.createObjectNode().put("ok", false).put("kind", "protocol")
                            .put("message", "the request was not JSON the worker could read") : answer(sandbox, request);
                } catch (RuntimeException e) {
                    // never die on one request: the processor would fail a frame that did nothing wrong
                    answer = JSON.createObjectNode().put("ok", false).put("kind", "error")
                            .put("message", "the script worker failed (reference " + ScriptErrors.log("answering a request", e)
                                    + " in the processor's log)");
                }
                write(out, answer);
            }
        }
    }

    static ObjectNode answer(ScriptSandbox sandbox, JsonNode request) {
        String op = request.path("op").asText();
        return switch (op) {
            case "run" -> run(sandbox, request);
            case "check" -> check(sandbox, request);
            case "ping" -> JSON.createObjectNode().put("ok", true);
            default -> JSON.createObjectNode().put("ok", false).put("kind", "protocol").put("message", "unknown op '" + op + "'");
        };
    }

    private static ObjectNode run(ScriptSandbox sandbox, JsonNode request) {
        List<ScriptSandbox.Script> scripts = new ArrayList<>();
        for (JsonNode s : request.path("scripts")) {
            scripts.add(new ScriptSandbox.Script(s.path("name").asText(), s.path("checksum").asText(), s.path("code").asText()));
        }
        ScriptSandbox.Outcome outcome = sandbox.run(scripts, request.path("data").asText(),
                request.path("budget_ms").asLong(5000), request.path("max_output").asInt(64 * 1024 * 1024));
        ObjectNode answer = JSON.createObjectNode();
        if (outcome.failure() == null) {
            answer.put("ok", true).put("data", outcome.data());
        } else {
            failure(answer, outcome.failure()).put("script", outcome.failedScript());
        }
        ArrayNode printed = answer.putArray("printed");
        outcome.printed().forEach(p -> printed.addObject().put("script", p.script()).put("output", p.output()));
        return answer;
    }

    private static ObjectNode check(ScriptSandbox sandbox, JsonNode request) {
        ScriptFailure failure = sandbox.check(request.path("name").asText(), request.path("code").asText());
        return failure == null ? JSON.createObjectNode().put("ok", true) : failure(JSON.createObjectNode(), failure);
    }

    private static ObjectNode failure(ObjectNode answer, ScriptFailure failure) {
        return answer.put("ok", false).put("kind", failure.kind()).put("message", failure.getMessage())
                .put("line", failure.line()).put("column", failure.column());
    }

    /** The next request; null when its body (read whole, so the next one is found) is not JSON. */
    static JsonNode read(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_REQUEST) {
            throw new IOException("bad frame length " + length);
        }
        byte[] body = new byte[length];
        in.readFully(body);
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            ScriptErrors.log("reading a request", e);
            return null;
        }
    }

    static void write(DataOutputStream out, JsonNode message) throws IOException {
        byte[] body = JSON.writeValueAsBytes(message);
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }
}
