package io.ratekit.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The packaged service refuses to run without authentication in production, shouts when it runs
 * so elsewhere, and then listens on loopback only — under every profile that allows it, not only
 * under {@code noauth} (issue 20, point 6: {@code QUARKUS_PROFILE=dev} with
 * {@code RATEKIT_SECURITY_NOAUTH=true} listened on every interface).
 */
class NoAuthProfileTest {

    private static final Path ROOT = Path.of(System.getProperty("ratekit.root", "..")).toAbsolutePath().normalize();

    @Test
    void authenticationOffIsRefusedUnderTheProdProfile() throws Exception {
        try (RatekitCluster cluster = new RatekitCluster(ROOT, "ratekit-e2e-noauth-prod",
                Map.of("QUARKUS_PROFILE", "prod", "RATEKIT_SECURITY_NOAUTH", "true"))) {
            assertThatThrownBy(() -> cluster.start(cluster.processor)).hasMessageContaining("exited");
            assertThat(Files.readString(cluster.processor.log()))
                    .contains("ratekit.security.noauth=true is refused while the 'prod' profile is active");
        }
    }

    @Test
    void theNoauthProfileRunsAndSaysSoLoudly() throws Exception {
        try (RatekitCluster cluster = new RatekitCluster(ROOT, "ratekit-e2e-noauth", Map.of())) {
            cluster.start(cluster.processor);
            io.restassured.RestAssured.given().get(cluster.processor.url() + "/v1/rating/modules").then().statusCode(200);
            cluster.processor.awaitReady(Duration.ofSeconds(5));
            assertThat(Files.readString(cluster.processor.log())).contains("AUTHENTICATION IS OFF (profile noauth)");
            assertListensOnLoopbackOnly(cluster.processor);
        }
    }

    @Test
    void underTheDevProfileAuthenticationOffListensOnLoopbackOnly() throws Exception {
        try (RatekitCluster cluster = new RatekitCluster(ROOT, "ratekit-e2e-noauth-dev",
                Map.of("QUARKUS_PROFILE", "dev", "RATEKIT_SECURITY_NOAUTH", "true"))) {
            cluster.start(cluster.storage);
            io.restassured.RestAssured.given().get(cluster.storage.url() + "/v2/summary").then().statusCode(200);
            String log = Files.readString(cluster.storage.log());
            assertThat(log).contains("AUTHENTICATION IS OFF (profile dev)").contains("Listening on: http://127.0.0.1:");
            assertListensOnLoopbackOnly(cluster.storage);
        }
    }

    @Test
    void underTheDevProfileAuthenticationOffRefusesToListenOnEveryInterface() throws Exception {
        try (RatekitCluster cluster = new RatekitCluster(ROOT, "ratekit-e2e-noauth-dev-open",
                Map.of("QUARKUS_PROFILE", "dev", "RATEKIT_SECURITY_NOAUTH", "true", "QUARKUS_HTTP_HOST", "0.0.0.0"))) {
            assertThatThrownBy(() -> cluster.start(cluster.storage)).hasMessageContaining("exited");
            String log = Files.readString(cluster.storage.log());
            assertThat(log).contains("ratekit.security.noauth=true listens on loopback only, but quarkus.http.host=0.0.0.0")
                    .as("refused before the socket opened").doesNotContain("Listening on");
        }
    }

    /** Nothing answers on the machine's other addresses (when it has any). */
    private static void assertListensOnLoopbackOnly(ServiceProcess service) throws IOException {
        List<InetAddress> others = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
        for (InetAddress address : others) {
            try (Socket socket = new Socket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, service.port()), 2000))
                        .as(service.name() + " must not listen on " + address.getHostAddress()).isInstanceOf(IOException.class);
            }
        }
    }
}
