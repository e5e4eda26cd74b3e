package io.ratekit.rating.hashmap;

import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.frames.Period;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rule sets CloudKitty accepts: names in any language and with spaces, the same value or level in
 * several groups (examples/names-and-groups.yaml). Prices worked by hand below; CloudKitty 17.0.0
 * gives the same four prices for the same rules (src/test/cloudkitty/names_and_groups.py).
 */
class NamesAndGroupsTest {

    private static final Period HOUR = new Period(Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T11:00:00Z"));

    private static RulesDocument.Document example() throws Exception {
        return RulesDocument.read(Files.readAllBytes(Path.of("examples/names-and-groups.yaml")));
    }

    /** Two VMs of the metric type "machine virtuelle", as a frames file for {@code rate} holds them. */
    private static Frame frame(String scope) {
        String json = """
                {"period": {"begin": "2026-11-01T10:00:00Z", "end": "2026-11-01T11:00:00Z"},
                 "usage": {"machine virtuelle": [
                   {"vol": {"unit": "h", "qty": "4"}, "groupby": {"id": "vm-1"},
                    "metadata": {"région": "Île-de-France", "display name": "Serveur Windows"}},
                   {"vol": {"unit": "h", "qty": "12"}, "groupby": {"id": "vm-2"},
                    "metadata": {"région": "Bretagne", "display name": "Serveur Windows"}}]}}""";
        var node = FrameCodec.readTree(json.getBytes(StandardCharsets.UTF_8));
        return Frame.of(scope, "test", HOUR, FrameCodec.readUsage(node.get("usage"), "usage"), false);
    }

    private static List<BigDecimal> prices(RulesDocument.Document doc, String scope) {
        Frame rated = new HashmapRatingModule(() -> doc.toRuleset(1), () -> true, () -> 1).rate(frame(scope));
        return rated.usage().get("machine virtuelle").stream().map(DataPoint::price).toList();
    }

    @Test
    void namesInAnyLanguageAndOneValueInSeveralGroupsPriceAsInCloudKitty() throws Exception {
        RulesDocument.Document doc = example();
        assertThat(doc.groups()).containsExactly("計算 compute", "licence/windows", "Premium Tier");

        // vm-1, qty 4, région Île-de-France, display name Serveur Windows; three groups, summed:
        //   計算 compute:    rate 1.2 (région) x flat 0.5 (service) x 4          = 2.4   (qty 4 < level 10)
        //   licence/windows: flat 2 x 4                                          = 8
        //   Premium Tier:    flat 0.3 (the later of 0.25 and 0.3, same group) x 4 = 1.2
        //                                                                  total 11.6
        // vm-2, qty 12, région Bretagne (no mapping):
        //   計算 compute:    flat 0.5 x 12 = 6, x 0.95 (level 10, the later of 0.9 and 0.95) = 5.7
        //   licence/windows: flat 2 x 12                                                       = 24
        //   Premium Tier:    flat 0.3 x 12 = 3.6, + 5 (flat service threshold level 10, once)  = 8.6
        //                                                                               total 38.3
        assertThat(prices(doc, "other-tenant")).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("11.6"), new BigDecimal("38.3"));

        // acme's Serveur Windows in licence/windows is 1.5 instead of 2 (same group and value: it
        // replaces the global one for acme only); its level 20 is not reached by 12:
        //   vm-1: 2.4 + 1.5 x 4 + 1.2          = 2.4 + 6 + 1.2   = 9.6
        //   vm-2: 5.7 + 1.5 x 12 + 8.6         = 5.7 + 18 + 8.6  = 32.3
        assertThat(prices(doc, "acme")).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("9.6"), new BigDecimal("32.3"));
    }

    @Test
    void theDocumentWritesAndReadsBackWithItsNames() throws Exception {
        RulesDocument.Document doc = example();
        assertThat(RulesDocument.read(RulesDocument.writeYaml(doc).getBytes(StandardCharsets.UTF_8))).isEqualTo(doc);
        assertThat(RulesDocument.read(RulesDocument.writeJson(doc).getBytes(StandardCharsets.UTF_8))).isEqualTo(doc);
        assertThat(doc.labels()).contains("machine virtuelle.display name mapping[3]");
    }

    @Test
    void namesThatLookLikeOtherYamlSurviveTheRoundTrip() {
        List<String> names = List.of("yes", "null", "~", "123", "1.50", "- dash", "a: b", "#hash", "[x]", "{y}", "'quoted'",
                "\"double\"", "日本語", "🙂 emoji", "x".repeat(255), "a,b", "tab\u00A0inside", "ends with ?");
        StringBuilder yaml = new StringBuilder("format: ratekit-hashmap/v1\nservices:\n");
        for (String name : names) {
            yaml.append("  - name: ").append(FrameCodec.write(FrameCodec.mapper().getNodeFactory().textNode(name))).append('\n');
        }
        RulesDocument.Document doc = RulesDocument.read(yaml.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(doc.services()).extracting(RulesDocument.Service::name).containsExactlyElementsOf(names);
        assertThat(RulesDocument.read(RulesDocument.writeYaml(doc).getBytes(StandardCharsets.UTF_8))).isEqualTo(doc);
    }

    @Test
    void aBlankOrTooLongNameIsRefusedNamingItsPathAndQuotingIt() {
        String tooLong = "région".repeat(43); // 258 characters
        assertRefused("format: ratekit-hashmap/v1\nservices: [{name: '" + tooLong + "'}]\n",
                "services[0].name", "must be at most 255 characters, got 258: '" + tooLong + "'");
        assertRefused("format: ratekit-hashmap/v1\nservices: [{name: vcpu, fields: [{name: '  '}]}]\n",
                "services[0].fields[0].name", "must not be blank, got '  '");
        assertRefused("format: ratekit-hashmap/v1\ngroups: ['licence ']\nservices: []\n",
                "groups[0]", "must not start or end with whitespace, got 'licence '");
        assertRefused("format: ratekit-hashmap/v1\nservices: [{name: \"two\\nlines\"}]\n",
                "services[0].name", "must not contain control characters (U+000A at character 4), got 'two\\u000Alines'");
    }

    @Test
    void aTenantHasOneRulePerValueOrLevelAcrossAllGroupsAsInCloudKitty() {
        String fields = """
                format: ratekit-hashmap/v1
                groups: [a, b]
                services:
                  - name: vm
                    fields:
                      - name: os
                        mappings:
                          - {value: windows, cost: '1', group: a, tenant: acme}
                          - {value: windows, cost: '2', %s tenant: acme}
                """;
        assertRefused(fields.formatted("group: b,"), "services[0].fields[0].mappings[1]",
                "value 'windows' is priced twice for tenant 'acme' (also at services[0].fields[0].mappings[0], group 'a')");
        assertRefused(fields.formatted(""), "services[0].fields[0].mappings[1]", "tenant 'acme'");
        assertRefused(fields.formatted("group: a,"), "services[0].fields[0].mappings[1]", "tenant 'acme'");
        // another tenant, or one whose validity does not overlap, is fine
        RulesDocument.read(fields.formatted("group: b,").replace("'2', group: b, tenant: acme", "'2', group: b, tenant: umbrella")
                .getBytes(StandardCharsets.UTF_8));
        RulesDocument.read(fields.formatted("start: '2026-12-01T00:00:00Z',")
                .replace("group: a, tenant: acme}", "group: a, tenant: acme, end: '2026-12-01T00:00:00Z'}").getBytes(StandardCharsets.UTF_8));

        assertRefused("""
                format: ratekit-hashmap/v1
                groups: [a, b]
                services:
                  - name: vm
                    thresholds:
                      - {level: '20', cost: '1', group: a, tenant: acme}
                      - {level: '20.000', cost: '1', group: b, tenant: acme}
                """, "services[0].thresholds[1]", "level 20 is priced twice for tenant 'acme'");
        // a tenant's service mappings never collide: CloudKitty stores the CLI's "value": null, and NULLs are distinct
        RulesDocument.read("""
                format: ratekit-hashmap/v1
                groups: [a]
                services:
                  - name: vm
                    mappings:
                      - {cost: '1', tenant: acme}
                      - {cost: '2', tenant: acme}
                      - {cost: '3', group: a, tenant: acme}
                """.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void labelsStayOnePerRuleWhenDottedNamesReadAlike() {
        RulesDocument.Document doc = RulesDocument.read("""
                format: ratekit-hashmap/v1
                services:
                  - name: a.b
                    fields: [{name: c, mappings: [{value: x, cost: '1'}]}]
                  - name: a
                    fields: [{name: b.c, mappings: [{value: x, cost: '2'}]}]
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(doc.labels()).containsExactly("a.b.c mapping[0]", "a.b.c mapping[0]");
        assertThat(doc.labels()).hasSameSizeAs(doc.toRuleset(1).mappings());
    }

    private static void assertRefused(String yaml, String path, String message) {
        assertThatThrownBy(() -> RulesDocument.read(yaml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FrameFormatException.class)
                .satisfies(e -> assertThat(((FrameFormatException) e).field()).isEqualTo(path))
                .hasMessageContaining(message);
    }
}
