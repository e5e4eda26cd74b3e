package io.ratekit.collector.scope;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.collector.schedule.CollectionScheduler;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** CloudKitty's own CLI manages scopes and reprocessing and reads the info: src/test/cli/scope-cli.sh checks every answer. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class CloudKittyScopeCliTest {

    @TestHTTPResource("/")
    URL url;
    @Inject
    CollectionScheduler scheduler;

    @Test
    void theCloudKittyCliManagesScopesAndReprocessingAndReadsTheInfo() throws Exception {
        Instant now = Instant.now();
        Instant start = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
        given().contentType(ContentType.JSON).body("{\"scope_id\":\"cli-scope\",\"resource_id\":\"vm-1\",\"resource_type\":\"instance\","
                + "\"action\":\"create\",\"timestamp\":\"" + start + "\"}").post("/v1/events").then().statusCode(202);
        scheduler.collectScope("cli-scope", now);
        String last = start.plus(Duration.ofHours(3)).toString(); // begin of the last collected period (wait_periods = 2)
        String inside = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(start.plus(Duration.ofMinutes(3 * 60 + 25)));
        Process p = new ProcessBuilder("bash", Path.of("src/test/cli/scope-cli.sh").toAbsolutePath().toString(),
                url.toString().replaceAll("/$", ""), "cli-scope", last, inside).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("CLI script output (last collected %s)", last).contains("cloudkitty CLI scopes: OK");
        assertThat(p.exitValue()).isZero();
    }
}
