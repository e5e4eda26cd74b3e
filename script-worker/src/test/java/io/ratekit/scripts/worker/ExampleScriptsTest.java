package io.ratekit.scripts.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The example scripts of rating-rules/examples price what they say they price. */
class ExampleScriptsTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("ratekit.root", "..")).resolve("rating-rules/examples");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ScriptSandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new ScriptSandbox(50_000_000L, 4096);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static JsonNode run(String example, String frame) throws Exception {
        String code = Files.readString(EXAMPLES.resolve(example));
        ScriptSandbox.Outcome outcome = sandbox.run(List.of(new ScriptSandbox.Script(example, "1", code)), frame, 10_000, 1 << 20);
        assertThat(outcome.failure()).as(example + ": " + outcome.failure()).isNull();
        return JSON.readTree(outcome.data());
    }

    private static String point(String qty, String price, String metadata) {
        return "{\"vol\": {\"unit\": \"u\", \"qty\": \"" + qty + "\"}, \"rating\": {\"price\": \"" + price + "\"},"
                + " \"groupby\": {\"project_id\": \"p\"}, \"metadata\": " + metadata + "}";
    }

    private static String frame(String usage) {
        return "{\"period\": {\"begin\": \"2026-04-01T10:00:00Z\", \"end\": \"2026-04-01T11:00:00Z\"}, \"usage\": {" + usage + "}}";
    }

    private static BigDecimal price(JsonNode data, String metric, int i) {
        return new BigDecimal(data.path("usage").path(metric).get(i).path("rating").path("price").asText());
    }

    @Test
    void cloudKittysDocumentedScriptPricesFlavorsImagesAndVolumesExactly() throws Exception {
        JsonNode data = run("pyscript-cloudkitty-doc.py", frame(
                "\"instance\": [" + point("1", "0", "{\"flavor_name\": \"m1.nano\"}") + ", " + point("1", "0", "{\"flavor_name\": \"x\"}") + "],"
                        + " \"volume\": [" + point("10", "0", "{}") + "], \"image\": [" + point("512", "0", "{}") + "]"));
        assertThat(price(data, "instance", 0)).isEqualByComparingTo("0.35"); // exactly, not 0.34999999999999997779...
        assertThat(price(data, "instance", 1)).isEqualByComparingTo("0");
        assertThat(price(data, "volume", 0)).isEqualByComparingTo("3.5");
        assertThat(price(data, "image", 0)).isEqualByComparingTo("1.024");
    }

    @Test
    void windowsGuestsPayALicenceSurchargePerVcpuHour() throws Exception {
        JsonNode data = run("pyscript-windows-licence.py", frame("\"vcpu\": ["
                + point("4", "0.05", "{\"guest_os\": \"Microsoft Windows Server 2022 (64-bit)\"}") + ", "
                + point("4", "0.05", "{\"guest_os\": \"Ubuntu Linux (64-bit)\"}") + ", "
                + point("2", "0.05", "{\"os\": \"windows\"}") + "]"));
        assertThat(price(data, "vcpu", 0)).isEqualByComparingTo("0.134"); // 0.05 + 4 x 0.0210
        assertThat(price(data, "vcpu", 1)).isEqualByComparingTo("0.05");
        assertThat(price(data, "vcpu", 2)).isEqualByComparingTo("0.08"); // lifecycle events say os: 0.05 + 2 x 0.0150
    }

    @Test
    void aVolumeDiscountAppliesToEveryUnitOnceATierIsReached() throws Exception {
        JsonNode data = run("pyscript-volume-discount.py", frame("\"vcpu\": ["
                + point("60", "6", "{}") + ", " + point("50", "5", "{}") + "], \"ram_gb\": [" + point("10", "1", "{}") + "]"));
        assertThat(price(data, "vcpu", 0)).isEqualByComparingTo("5.4"); // 110 vCPU: 10 % off
        assertThat(price(data, "vcpu", 1)).isEqualByComparingTo("4.5");
        assertThat(price(data, "ram_gb", 0)).isEqualByComparingTo("1");
    }

    @Test
    void usageMeterBilledVramIsCappedAt24GbPerVm() throws Exception {
        JsonNode data = run("pyscript-usage-meter-vram.py", frame("\"ram_gb\": ["
                + point("64", "0", "{}") + ", " + point("8", "0", "{}") + "]"));
        JsonNode billed = data.path("usage").path("vram_billed");
        assertThat(billed).hasSize(2);
        assertThat(new BigDecimal(billed.get(0).path("vol").path("qty").asText())).isEqualByComparingTo("24");
        assertThat(new BigDecimal(billed.get(1).path("vol").path("qty").asText())).isEqualByComparingTo("8");
        assertThat(price(data, "vram_billed", 0)).isEqualByComparingTo("0.0528"); // 24 x 0.0022
    }
}
