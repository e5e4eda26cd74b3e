package io.ratekit.frames;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming reader gives the strict reader's frame, or gives up and leaves the verdict to it. */
class FastFrameReaderTest {

    private static final String HEAD = "{\"frame_id\":\"f-1\",\"scope_id\":\"s\",\"source\":\"events\",\"schema_version\":1,\"reprocess\":false,"
            + "\"period\":{\"begin\":\"2026-11-01T00:00:00Z\",\"end\":\"2026-11-01T01:00:00Z\"},\"usage\":";

    private static Frame strict(byte[] body) {
        return FrameCodec.fromJson(FrameCodec.readTree(body));
    }

    @Test
    void readsWhatTheStrictReaderReadsToTheSameFrame() {
        Period hour = new Period(Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T11:00:00Z"));
        Frame rated = Frame.of("acme", "vsphere", hour, Map.of(
                "vcpu", List.of(new DataPoint("vcpu", new BigDecimal("0.3333333333333333333333333333"), new BigDecimal("0.0125"),
                        Map.of("id", "vm-1", "project_id", "acme"), Map.of("os", "linux"), List.of("hashmap@3/mapping/x"))),
                "vm", List.of(DataPoint.unrated("vm", BigDecimal.ONE, Map.of("id", "vm-1"), Map.of()))), true);
        List<String> bodies = List.of(
                new String(FrameCodec.encode(rated), StandardCharsets.UTF_8),
                // CloudKitty v2 style: numbers, null rating, null metadata, numeric and boolean attributes, no unit
                HEAD + "{\"ram\":[{\"vol\":{\"qty\":1.50},\"rating\":null,\"groupby\":{\"id\":\"a\",\"size\":2.0,\"ok\":true},\"metadata\":null}]}}",
                HEAD + "{\"ram\":[{\"vol\":{\"unit\":\"\",\"qty\":\"12E-2\"},\"rating\":{\"price\":7}}],\"empty\":[]}}",
                HEAD + "{}}");
        for (String body : bodies) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Frame fast = FastFrameReader.read(bytes);
            assertThat(fast).as(body).isNotNull().isEqualTo(strict(bytes));
        }
    }

    @Test
    void givesUpOnAnythingTheStrictReaderRefuses() {
        List<String> bodies = List.of(
                "", "[]", "{}", "not json",
                HEAD.replace("\"frame_id\":\"f-1\",", "") + "{}}",                       // missing field
                HEAD.replace("\"schema_version\":1", "\"schema_version\":2") + "{}}",    // unsupported version
                HEAD.replace("\"reprocess\":false", "\"reprocess\":\"no\"") + "{}}",     // wrong type
                HEAD.replace("\"source\":\"events\"", "\"source\":\" \"") + "{}}",       // blank
                HEAD + "{}, \"extra\":1}",                                             // unknown field
                HEAD + "{\" a\":[]}}",                                                 // bad metric type
                HEAD + "{\"ram\":[{\"vol\":{\"qty\":\"x\"}}]}}",                       // bad decimal
                HEAD + "{\"ram\":[{\"vol\":{\"qty\":\"1\"},\"colour\":1}]}}",          // unknown point field
                HEAD + "{\"ram\":[{\"vol\":{\"qty\":\"1\"},\"groupby\":{\"a\":{}}}]}}", // non-scalar attribute
                HEAD + "{\"ram\":[{\"vol\":{\"qty\":\"1\"},\"rating\":{\"rules\":[\"\"]}}]}}", // blank rule
                HEAD + "{\"ram\":[{\"vol\":{\"qty\":\"1\",\"qty\":\"2\"}}]}}",          // duplicate key
                HEAD.replace("01:00:00Z", "00:00:00Z") + "{}}");                       // end not after begin
        for (String body : bodies) {
            assertThat(FastFrameReader.read(body.getBytes(StandardCharsets.UTF_8))).as(body).isNull();
        }
    }
}
