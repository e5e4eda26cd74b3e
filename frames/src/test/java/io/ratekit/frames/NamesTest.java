package io.ratekit.frames;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Names as CloudKitty stores them (any text up to 255 characters), and metric types that use that freedom. */
class NamesTest {

    private static final Period HOUR = new Period(Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T11:00:00Z"));
    private static final List<String> ANY_LANGUAGE = List.of("display name", "région", "Premium Tier", "licence/windows",
            "日本語の名前", "Ελληνικά", "имя, фамилия", "a\\b", "#1: \"quoted\" 'name'", "🙂 smile", "x".repeat(255),
            "🙂".repeat(255));

    @Test
    void anyTextUpTo255CharactersIsAName() {
        for (String name : ANY_LANGUAGE) {
            assertThat(Names.problem(name)).as(name).isNull();
        }
    }

    @Test
    void refusalsQuoteTheName() {
        assertThat(Names.problem(null)).isEqualTo("is required");
        assertThat(Names.problem("")).isEqualTo("must not be blank, got ''");
        assertThat(Names.problem("   ")).isEqualTo("must not be blank, got '   '");
        String tooLong = "é".repeat(256);
        assertThat(Names.problem(tooLong)).isEqualTo("must be at most 255 characters, got 256: '" + tooLong + "'");
        assertThat(Names.problem("🙂".repeat(256))).startsWith("must be at most 255 characters, got 256: '🙂🙂");
        assertThat(Names.problem("z".repeat(1000))).endsWith("z'…").hasSizeLessThan(400); // a flood is cut
        assertThat(Names.problem("two\nlines")).isEqualTo("must not contain control characters (U+000A at character 4), got 'two\\u000Alines'");
        assertThat(Names.problem("nul\0")).contains("U+0000 at character 4");
        assertThat(Names.problem("bad\uD800")).isEqualTo("must be valid Unicode text (an unpaired surrogate at character 4), got 'bad\\uD800'");
        assertThat(Names.problem(" flavor")).isEqualTo("must not start or end with whitespace, got ' flavor'");
        assertThat(Names.problem("flavor\u00A0")).isEqualTo("must not start or end with whitespace, got 'flavor\u00A0'");
    }

    @Test
    void metricTypesInAnyLanguageTravelInFrames() {
        DataPoint point = DataPoint.unrated("h", BigDecimal.ONE, Map.of("id", "vm-1"), Map.of("nom d'affichage", "Grand écran"));
        Map<String, List<DataPoint>> usage = new java.util.TreeMap<>();
        ANY_LANGUAGE.forEach(type -> usage.put(type, List.of(point)));
        Frame frame = Frame.of("tenant-a", "events", HOUR, usage, false);
        byte[] body = FrameCodec.encode(frame);
        Frame strict = FrameCodec.decode(body);
        assertThat(strict.usage().keySet()).containsExactlyElementsOf(usage.keySet());
        assertThat(strict.usage().get("région").get(0).metadata()).containsEntry("nom d'affichage", "Grand écran");
        assertThat(FastFrameReader.read(body)).as("the fast reader takes them too").isEqualTo(strict);
    }

    @Test
    void aBadMetricTypeIsRefusedQuotingIt() {
        String body = new String(FrameCodec.encode(Frame.of("tenant-a", "events", HOUR, Map.of("vcpu", List.of()), false)),
                StandardCharsets.UTF_8).replace("\"vcpu\"", "\"vcpu \"");
        assertThatThrownBy(() -> FrameCodec.decode(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FrameFormatException.class)
                .hasMessageContaining("metric type must not start or end with whitespace, got 'vcpu '");
    }

    @Test
    void aCommaInAMetricTypeDoesNotMakeTwoFramesOne() {
        String joined = FrameIds.frameId("a", HOUR, List.of("a,b"), "events");
        assertThat(FrameIds.frameId("a", HOUR, List.of("a", "b"), "events")).isNotEqualTo(joined);
        assertThat(FrameIds.frameId("a", HOUR, List.of("a\\", "b"), "events")).isNotEqualTo(FrameIds.frameId("a", HOUR, List.of("a\\,b"), "events"));
        // names without ',' or '\' keep the ids frames always had (computed before the escaping existed)
        assertThat(FrameIds.frameId("a", HOUR, List.of("vcpu", "instance"), "events")).isEqualTo(
                java.util.UUID.nameUUIDFromBytes("ratekit-frame-v1\na\n2026-11-01T10:00:00Z\n2026-11-01T11:00:00Z\ninstance,vcpu\nevents"
                        .getBytes(StandardCharsets.UTF_8)).toString());
    }
}
