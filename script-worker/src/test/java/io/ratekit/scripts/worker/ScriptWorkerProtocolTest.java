package io.ratekit.scripts.worker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's side of the pipe: frames up to the documented 64 MiB, and requests it cannot read answered rather than fatal. */
class ScriptWorkerProtocolTest {

    @Test
    void aFrameOfMoreThanTwentyMillionCharactersCrossesThePipe() throws Exception {
        // Jackson's default cap for one string is 20,000,000 characters; the frame travels as one string
        String frame = "x".repeat(25_000_000);
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        ScriptWorkerMain.write(new DataOutputStream(pipe), ScriptWorkerMain.JSON.createObjectNode().put("op", "run").put("data", frame));
        JsonNode request = ScriptWorkerMain.read(new DataInputStream(new ByteArrayInputStream(pipe.toByteArray())));
        assertThat(request).isNotNull();
        assertThat(request.path("data").asText()).hasSize(25_000_000);
    }

    @Test
    void aRequestThatIsNotJsonIsSkippedAndTheNextOneRead() throws Exception {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(pipe);
        byte[] garbage = "{\"op\": \"run\", \"data\": ".getBytes(StandardCharsets.UTF_8);
        out.writeInt(garbage.length);
        out.write(garbage);
        ScriptWorkerMain.write(out, ScriptWorkerMain.JSON.createObjectNode().put("op", "ping"));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(pipe.toByteArray()));
        assertThat(ScriptWorkerMain.read(in)).isNull();
        assertThat(ScriptWorkerMain.read(in).path("op").asText()).isEqualTo("ping");
    }
}
