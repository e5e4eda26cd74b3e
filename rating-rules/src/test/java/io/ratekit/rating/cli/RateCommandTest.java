package io.ratekit.rating.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratekit.frames.FrameCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** bin/rate on the VMware example: every price computed by hand. */
class RateCommandTest {

    private static final String RULES = "examples/vmware-shop.yaml";
    private static final String FRAMES = "examples/frames.json";

    private record Run(int status, String out, String err) {
        JsonNode json() {
            return FrameCodec.readTree(out.getBytes(StandardCharsets.UTF_8));
        }

        BigDecimal price(String type, int point) {
            return json().get("dataframes").get(0).get("usage").get(type).get(point).get("rating").get("price").decimalValue();
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void pricesTheExampleFramesAsComputedByHand() {
        Run run = run("--rules", RULES, "--frames", FRAMES);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.price("vcpu", 0)).isEqualByComparingTo("0.05");         // 0.0125 x 4
        assertThat(run.price("vcpu", 1)).isEqualByComparingTo("0.225");        // 0.0125 x 20 x 0.9 (>= 16)
        assertThat(run.price("ram_mb", 0)).isEqualByComparingTo("0.04");       // 0.0000048828125 x 8192
        assertThat(run.price("disk_gb", 0)).isEqualByComparingTo("0.0274");    // 2 x 0.000137 x 100 (gold)
        assertThat(run.price("disk_gb", 1)).isEqualByComparingTo("0.00685");   // 0.000137 x 50 (bronze: no tier)
        assertThat(run.price("instance", 0)).isEqualByComparingTo("0.0468493150684931506849315068"); // fee + Windows 0.04
        assertThat(run.price("instance", 1)).isEqualByComparingTo("0.0068493150684931506849315068"); // fee only
    }

    @Test
    void aTenantSeesItsOwnPrices() {
        Run run = run("--rules", RULES, "--frames", FRAMES, "--scope", "acme");
        assertThat(run.price("instance", 0)).isEqualByComparingTo("0.0368493150684931506849315068"); // fee + acme's 0.03
    }

    @Test
    void explainsWhichRulesMadeEachPrice() {
        JsonNode explain = run("--rules", RULES, "--frames", FRAMES, "--explain").json().get("explain");
        JsonNode vm2 = null;
        JsonNode windows = null;
        for (JsonNode line : explain) {
            if (line.get("type").asText().equals("vcpu") && line.get("point").asInt() == 1) {
                vm2 = line;
            }
            if (line.get("type").asText().equals("instance") && line.get("point").asInt() == 0) {
                windows = line;
            }
        }
        assertThat(vm2.get("rules").toString()).isEqualTo("[\"vcpu mapping[0]\",\"vcpu threshold[0]\"]");
        assertThat(windows.get("rules").toString()).isEqualTo("[\"instance mapping[0]\",\"instance.os mapping[0]\"]");
    }

    @Test
    void reportsBadInputWithThePath() {
        Run missing = run("--rules", RULES);
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("usage: rate");
        Run broken = run("--rules", FRAMES, "--frames", FRAMES);
        assertThat(broken.status()).isEqualTo(1);
        assertThat(broken.err()).contains("invalid input").contains("format");
    }
}
