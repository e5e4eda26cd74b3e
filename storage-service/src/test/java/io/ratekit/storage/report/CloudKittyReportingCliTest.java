package io.ratekit.storage.report;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.storage.ingest.FrameWriter;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** CloudKitty's own CLI reads Ratekit's reports: src/test/cli/reporting-cli.sh checks every answer. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class CloudKittyReportingCliTest {

    @TestHTTPResource("/")
    URL url;
    @Inject
    FrameWriter writer;

    @Test
    void theCloudKittyCliReadsSummariesTotalsAndDataframes() throws Exception {
        ReportFixtures.all().forEach(writer::write);
        Process p = new ProcessBuilder("bash", Path.of("src/test/cli/reporting-cli.sh").toAbsolutePath().toString(),
                url.toString().replaceAll("/$", "")).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("CLI script output").contains("cloudkitty CLI reporting: OK");
        assertThat(p.exitValue()).isZero();
    }
}
