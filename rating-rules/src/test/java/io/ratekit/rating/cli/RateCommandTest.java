package io.ratekit.rating.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratekit.frames.FrameCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** bin/rate on the VMware example and on frames of several tenants: every price computed by hand. */
class RateCommandTest {

    private static final String RULES = "examples/vmware-shop.yaml";
    private static final String SETUP = "examples/vmware-shop-setup.yaml";
    private static final String FRAMES = "examples/frames.json";
    // the VM fee of vmware-shop.yaml, per VM-hour
    private static final String FEE = "0.0068493150684931506849315068";
    private static final String PERIOD = "{\"begin\": \"2026-11-23T10:00:00Z\", \"end\": \"2026-11-23T11:00:00Z\"}";

    // one script worker for every run of this class, as each would start its own (seconds each)
    private static final ScriptWorkerRunner WORKER = new ScriptWorkerRunner();

    @TempDir
    Path dir;

    @AfterAll
    static void stopWorker() {
        WORKER.close();
    }

    private record Run(int status, String out, String err) {
        JsonNode json() {
            return FrameCodec.readTree(out.getBytes(StandardCharsets.UTF_8));
        }

        JsonNode frame(int index) {
            return json().get("dataframes").get(index);
        }

        BigDecimal price(int frame, String type, int point) {
            return frame(frame).get("usage").get(type).get(point).get("rating").get("price").decimalValue();
        }

        BigDecimal price(String type, int point) {
            return price(0, type, point);
        }
    }

    private static Run run(String... args) {
        return runWithStdin("", args);
    }

    private static Run runWithStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RateCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), WORKER);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String windowsVm(String groupby, String rating) {
        return "{\"vol\": {\"unit\": \"instance\", \"qty\": \"1\"}" + rating + ", \"groupby\": {" + groupby + "}, \"metadata\": {\"os\": \"windows\"}}";
    }

    // ---------------------------------------------------------------- hashmap, as before

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
        assertThat(run.price("instance", 1)).isEqualByComparingTo(FEE);                              // fee only
        assertThat(run.json().get("modules").toString()).isEqualTo("[{\"name\":\"hashmap\",\"priority\":1},{\"name\":\"noop\",\"priority\":1}]");
    }

    @Test
    void aTenantSeesItsOwnPrices() {
        Run run = run("--rules", RULES, "--frames", FRAMES, "--scope", "acme");
        assertThat(run.frame(0).get("scope_id").asText()).isEqualTo("acme");
        assertThat(run.price("instance", 0)).isEqualByComparingTo("0.0368493150684931506849315068"); // fee + acme's 0.03
    }

    @Test
    void explainsWhichRulesMadeEachPrice() {
        JsonNode explain = run("--rules", RULES, "--frames", FRAMES, "--explain").json().get("explain");
        assertThat(line(explain, "vcpu", 1).get("rules").toString()).isEqualTo("[\"vcpu mapping[0]\",\"vcpu threshold[0]\"]");
        assertThat(line(explain, "instance", 0).get("rules").toString()).isEqualTo("[\"instance mapping[0]\",\"instance.os mapping[0]\"]");
    }

    private static JsonNode line(JsonNode explain, String type, int point) {
        for (JsonNode line : explain) {
            if (line.get("type").asText().equals(type) && line.get("point").asInt() == point) {
                return line;
            }
        }
        throw new AssertionError("no explanation of " + type + "[" + point + "] in " + explain);
    }

    // ---------------------------------------------------------------- scopes

    @Test
    void eachFrameIsRatedAsItsOwnScope() throws IOException {
        String vm = windowsVm("\"id\": \"vm-1\"", "");
        Path frames = file("frames.json", "[{\"scope_id\": \"acme\", \"period\": " + PERIOD + ", \"usage\": {\"instance\": [" + vm + "]}},"
                + " {\"scope_id\": \"globex\", \"period\": " + PERIOD + ", \"usage\": {\"instance\": [" + vm + "]}}]");
        Run run = run("--rules", RULES, "--frames", frames.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.frame(0).get("scope_id").asText()).isEqualTo("acme");
        assertThat(run.price(0, "instance", 0)).isEqualByComparingTo("0.0368493150684931506849315068"); // fee + acme's Windows 0.03
        assertThat(run.frame(1).get("scope_id").asText()).isEqualTo("globex");
        assertThat(run.price(1, "instance", 0)).isEqualByComparingTo("0.0468493150684931506849315068"); // fee + everyone's 0.04
    }

    @Test
    void aFrameWithoutTenantGetsTheRulesForAllTenantsOnly() {
        Run run = run("--rules", RULES, "--frames", FRAMES);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.frame(0).get("scope_id").isNull()).isTrue();
        assertThat(run.price("instance", 0)).isEqualByComparingTo("0.0468493150684931506849315068"); // not acme's 0.03
    }

    @Test
    void storedDataframesAreCutByProjectAndRatedFromZero() throws IOException {
        // as GET /v2/dataframes answers: several projects in one dataframe, prices already stored
        Path frames = file("stored.json", "{\"total\": 3, \"dataframes\": [{\"period\": " + PERIOD + ", \"usage\": {\"instance\": ["
                + windowsVm("\"project_id\": \"acme\", \"id\": \"vm-1\"", ", \"rating\": {\"price\": 9}") + ", "
                + windowsVm("\"project_id\": \"globex\", \"id\": \"vm-2\"", ", \"rating\": {\"price\": 9}") + ", "
                + windowsVm("\"id\": \"vm-3\"", ", \"rating\": {\"price\": 9}") + "]}}]}");
        Run run = run("--rules", RULES, "--frames", frames.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.json().get("dataframes")).hasSize(3);
        assertThat(run.frame(0).get("scope_id").asText()).isEqualTo("acme");
        assertThat(run.price(0, "instance", 0)).isEqualByComparingTo("0.0368493150684931506849315068");
        assertThat(run.frame(1).get("scope_id").asText()).isEqualTo("globex");
        assertThat(run.price(1, "instance", 0)).isEqualByComparingTo("0.0468493150684931506849315068");
        assertThat(run.frame(2).get("scope_id").isNull()).isTrue();
        assertThat(run.frame(2).get("usage").get("instance").get(0).get("groupby").get("id").asText()).isEqualTo("vm-3");
        assertThat(run.price(2, "instance", 0)).isEqualByComparingTo("0.0468493150684931506849315068");

        Run kept = run("--rules", RULES, "--frames", frames.toString(), "--keep-prices", "--scope", "acme");
        assertThat(kept.json().get("dataframes")).hasSize(1);
        // 9 + fee + 0.03, each sum rounded to 28 significant digits as CloudKitty does
        assertThat(kept.price("instance", 0)).isEqualByComparingTo("9.036849315068493150684931507");
    }

    @Test
    void readsFramesFromStdin() throws IOException {
        Run run = runWithStdin(Files.readString(Path.of(FRAMES)), "--rules", RULES, "--frames", "-");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.price("vcpu", 0)).isEqualByComparingTo("0.05");
    }

    // ---------------------------------------------------------------- the module chain (real script worker)

    @Test
    void theRatingSetupRunsHashmapThenTheDiscountScript() {
        Run run = run("--rules", SETUP, "--frames", FRAMES, "--explain");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.json().get("modules").toString())
                .isEqualTo("[{\"name\":\"hashmap\",\"priority\":2},{\"name\":\"noop\",\"priority\":1},{\"name\":\"pyscripts\",\"priority\":1}]");
        // 24 vCPU-hours in the period >= 20: 5 % off the hashmap prices, rounded to 0.0001 half even
        assertThat(run.price("vcpu", 0)).isEqualByComparingTo("0.0475");      // 0.05 x 0.95
        assertThat(run.price("vcpu", 1)).isEqualByComparingTo("0.2138");      // 0.225 x 0.95 = 0.21375
        assertThat(run.price("ram_mb", 0)).isEqualByComparingTo("0.04");      // no tier for ram_mb
        assertThat(line(run.json().get("explain"), "vcpu", 1).get("rules").toString())
                .matches("\\[\"vcpu mapping\\[0]\",\"vcpu threshold\\[0]\",\"pyscripts@volume-discount:[0-9a-f]{12}\"]");
    }

    @Test
    void prioritiesAndSwitchesDecideTheChain() throws IOException {
        // order matters: doubling then adding 0.5 is not the same before and after hashmap adds its price
        Path script = file("double.py", """
                import decimal
                for point in data['usage'].get('vcpu', []):
                    point['rating']['price'] = point['rating']['price'] * 2 + decimal.Decimal('0.5')
                print('doubled', len(data['usage'].get('vcpu', [])))
                """);
        Run hashmapFirst = run("--rules", RULES, "--script", script.toString(), "--frames", FRAMES);
        assertThat(hashmapFirst.status()).as(hashmapFirst.err()).isZero();
        assertThat(hashmapFirst.price("vcpu", 0)).isEqualByComparingTo("0.6");    // 0.05 x 2 + 0.5 (priority tie: hashmap, noop, pyscripts)
        assertThat(hashmapFirst.price("vcpu", 1)).isEqualByComparingTo("0.95");   // 0.225 x 2 + 0.5
        assertThat(hashmapFirst.price("ram_mb", 0)).isEqualByComparingTo("0.04");
        assertThat(hashmapFirst.err()).contains("[script double] doubled 2");

        Run scriptFirst = run("--rules", RULES, "--script", script.toString(), "--frames", FRAMES, "--priority", "pyscripts=5");
        assertThat(scriptFirst.status()).as(scriptFirst.err()).isZero();
        assertThat(scriptFirst.json().get("modules").get(0).get("name").asText()).isEqualTo("pyscripts");
        assertThat(scriptFirst.price("vcpu", 0)).isEqualByComparingTo("0.55");    // 0 x 2 + 0.5, then hashmap adds 0.05
        assertThat(scriptFirst.price("vcpu", 1)).isEqualByComparingTo("0.725");   // 0.5 + 0.225

        Run onlyScript = run("--rules", RULES, "--script", script.toString(), "--frames", FRAMES, "--disable", "hashmap");
        assertThat(onlyScript.price("vcpu", 1)).isEqualByComparingTo("0.5");      // 0 x 2 + 0.5
        assertThat(onlyScript.price("ram_mb", 0)).isEqualByComparingTo("0");
    }

    @Test
    void aDisabledScriptModuleRunsNoScript() throws IOException {
        Path broken = file("broken.py", "raise ValueError('must not run')\n");
        Path setup = file("setup.yaml", """
                format: ratekit-rating/v1
                modules:
                  pyscripts: {enabled: false, priority: 9}
                hashmap: %s
                scripts:
                  - {file: broken.py}
                """.formatted(Path.of(RULES).toAbsolutePath()));
        Run run = run("--rules", setup.toString(), "--frames", FRAMES);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.price("vcpu", 1)).isEqualByComparingTo("0.225");
        assertThat(run.json().get("modules").toString()).doesNotContain("pyscripts");
    }

    @Test
    void aFailingScriptFailsItsFrameWithTheScriptsName() throws IOException {
        Path broken = file("broken.py", "raise ValueError('no price list for ' + 'vcpu')\n");
        Run run = run("--rules", RULES, "--frames", FRAMES, "--script", broken.toString(), "--scope", "acme");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("dataframe 0 (scope acme)").contains("script 'broken'").contains("no price list for vcpu");
        assertThat(run.out()).isEmpty();
    }

    // ---------------------------------------------------------------- help and mistakes

    @Test
    void helpListsEveryOption() {
        Run run = run("--help");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("usage: rate");
        for (String option : List.of("--frames", "--rules", "--script", "--scope", "--scope-key", "--enable", "--disable",
                "--priority", "--explain", "--keep-prices", "--help", "ratekit-rating/v1", "Exit codes")) {
            assertThat(run.out()).contains(option);
        }
        assertThat(run("-h").out()).isEqualTo(run.out());
    }

    @Test
    void badArgumentsAreNamedWithExitCode2() {
        List<String[]> mistakes = new ArrayList<>();
        mistakes.add(new String[] {"--rules", RULES});
        mistakes.add(new String[] {"--frames", FRAMES});
        mistakes.add(new String[] {"--rules", RULES, "--frames", FRAMES, "--verbose"});
        mistakes.add(new String[] {"--rules", RULES, "--frames"});
        mistakes.add(new String[] {"--rules", RULES, "--frames", FRAMES, "--enable", "noop"});
        mistakes.add(new String[] {"--rules", RULES, "--frames", FRAMES, "--priority", "hashmap=high"});
        mistakes.add(new String[] {"--rules", RULES, "--frames", FRAMES, "--priority", "hashmap"});
        mistakes.add(new String[] {"--rules", RULES, "--rules", RULES, "--frames", FRAMES});
        List<String> expected = List.of("--frames is required", "nothing to price with: give --rules, --script or both", "unknown argument '--verbose'",
                "--frames needs a value", "--enable: unknown module 'noop'", "--priority: 'high' is not an integer", "--priority takes MODULE=N",
                "--rules is given twice");
        for (int i = 0; i < mistakes.size(); i++) {
            Run run = run(mistakes.get(i));
            assertThat(run.status()).as(String.join(" ", mistakes.get(i))).isEqualTo(2);
            assertThat(run.err()).startsWith("rate: ").contains(expected.get(i)).contains("usage: rate").contains("--help");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void reportsBadInputWithThePath() throws IOException {
        Run broken = run("--rules", FRAMES, "--frames", FRAMES);
        assertThat(broken.status()).isEqualTo(1);
        assertThat(broken.err()).contains("invalid input").contains("format");

        Path typo = file("typo.json", "{\"scope\": \"acme\", \"period\": " + PERIOD + ", \"usage\": {}}");
        Run unknownKey = run("--rules", RULES, "--frames", typo.toString());
        assertThat(unknownKey.status()).isEqualTo(1);
        assertThat(unknownKey.err()).contains("$.scope: unknown key");

        Path setup = file("setup.yaml", "format: ratekit-rating/v1\nmodules:\n  hashmap: {enabled: yes-please}\n");
        Run badSetup = run("--rules", setup.toString(), "--frames", FRAMES);
        assertThat(badSetup.status()).isEqualTo(1);
        assertThat(badSetup.err()).contains("modules.hashmap.enabled: must be true or false");

        Path inline = file("inline.yaml", "format: ratekit-rating/v1\nhashmap: {format: ratekit-hashmap/v1, services: [{name: vcpu, mappings: [{cost: x}]}]}\n");
        Run badInline = run("--rules", inline.toString(), "--frames", FRAMES);
        assertThat(badInline.status()).isEqualTo(1);
        assertThat(badInline.err()).contains("hashmap: services[0].mappings[0].cost");

        Run missing = run("--rules", RULES, "--frames", dir.resolve("nothing.json").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file").contains("nothing.json");
    }
}
