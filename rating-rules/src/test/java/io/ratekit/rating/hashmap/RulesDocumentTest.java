package io.ratekit.rating.hashmap;

import io.ratekit.frames.FrameFormatException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules document: the example reads, YAML and JSON round-trip, and every mistake names its path. */
class RulesDocumentTest {

    private static RulesDocument.Document example() throws Exception {
        return RulesDocument.read(Files.readAllBytes(Path.of("examples/vmware-shop.yaml")));
    }

    @Test
    void theExampleReadsIntoTheEngineModel() throws Exception {
        RulesDocument.Document doc = example();
        assertThat(doc.groups()).containsExactly("compute", "licence", "vm-fee");
        HashmapRuleset ruleset = doc.toRuleset(7);
        assertThat(ruleset.version()).isEqualTo(7);
        assertThat(ruleset.mappings()).hasSize(9);
        assertThat(ruleset.thresholds()).hasSize(1);
        assertThat(doc.labels()).contains("vcpu threshold[0]", "instance.os mapping[2]");
    }

    @Test
    void writesYamlAndJsonThatReadBackToTheSameDocument() throws Exception {
        RulesDocument.Document doc = example();
        assertThat(RulesDocument.read(RulesDocument.writeYaml(doc).getBytes(StandardCharsets.UTF_8))).isEqualTo(doc);
        assertThat(RulesDocument.read(RulesDocument.writeJson(doc).getBytes(StandardCharsets.UTF_8))).isEqualTo(doc);
        assertThat(RulesDocument.writeYaml(doc)).contains("cost: \"0.0068493150684931506849315068\"");
    }

    @Test
    void namesThePathOfEveryMistake() {
        assertPath("format: other\n", "format");
        assertPath("format: ratekit-hashmap/v1\nservices: [{name: a, mappings: [{cost: '1', group: nope}]}]\n", "services[0].mappings[0].group");
        assertPath("format: ratekit-hashmap/v1\nservices: [{name: a}, {name: a}]\n", "services[1].name");
        assertPath("format: ratekit-hashmap/v1\nservices: [{name: a, mappings: [{cost: 'x'}]}]\n", "services[0].mappings[0].cost");
        assertPath("format: ratekit-hashmap/v1\nservices: [{name: a, thresholds: [{cost: '1'}]}]\n", "services[0].thresholds[0].level");
        assertPath("format: ratekit-hashmap/v1\nservices: [{name: a, colour: red}]\n", "services[0].colour");
        assertPath("format: ratekit-hashmap/v1\nservices: [{name: a, fields: [{name: f, mappings: [{value: v, cost: '1', tenant: t}, {value: v, cost: '2', tenant: t}]}]}]\n",
                "services[0].fields[0].mappings[1]");
        assertPath("format: ratekit-hashmap/v1\nservices: [{name: a, mappings: [{cost: '1', type: percent}]}]\n", "services[0].mappings[0].type");
    }

    private static void assertPath(String yaml, String path) {
        assertThatThrownBy(() -> RulesDocument.read(yaml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FrameFormatException.class)
                .satisfies(e -> assertThat(((FrameFormatException) e).field()).isEqualTo(path));
    }
}
