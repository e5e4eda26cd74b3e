package io.ratekit.processor.hashmap;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CloudKitty's own CLI (python3-cloudkittyclient, installed by bin/ensure-services) manages the
 * hashmap rules and pyscripts of this processor: src/test/cli/*-cli.sh drive it and check every answer.
 */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class CloudKittyCliTest {

    @TestHTTPResource("/")
    URL url;

    @Test
    void theCloudKittyCliManagesHashmapRules() throws Exception {
        assertThat(runCli("hashmap-cli.sh")).contains("cloudkitty CLI: OK");
    }

    @Test
    void theCloudKittyCliManagesPyscripts() throws Exception {
        assertThat(runCli("pyscripts-cli.sh")).contains("cloudkitty CLI pyscripts: OK");
    }

    private String runCli(String script) throws Exception {
        String endpoint = url.toString().replaceAll("/$", "");
        Process p = new ProcessBuilder("bash", Path.of("src/test/cli/" + script).toAbsolutePath().toString(), endpoint)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the CLI script finished").isTrue();
        assertThat(p.exitValue()).as(script + " output:\n" + output).isZero();
        return output;
    }
}
