package io.ratekit.service.security;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, point 6: with authentication off the host is loopback under every profile, not only
 * under {@code noauth} (whose application.properties said so); an explicit environment value stays
 * visible, for {@link NoAuthGuard} to refuse.
 */
class NoAuthLoopbackTest {

    private static final int APPLICATION_PROPERTIES = 250;
    private static final int ENVIRONMENT = 300;

    private static String host(String profile, Map<String, String> applicationProperties, Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", APPLICATION_PROPERTIES))
                .withSources(new PropertiesConfigSource(environment, "environment", ENVIRONMENT))
                .withSources(new NoAuthLoopback())
                .build();
        return config.getOptionalValue(NoAuthLoopback.HOST, String.class).orElse("(default)");
    }

    @Test
    void authenticationOffMeansLoopbackUnderEveryProfile() {
        Map<String, String> properties = Map.of("%noauth.ratekit.security.noauth", "true", "%dev.quarkus.http.host", "0.0.0.0");
        assertThat(host("noauth", properties, Map.of())).isEqualTo("127.0.0.1");
        assertThat(host("dev", properties, Map.of("ratekit.security.noauth", "true"))).as("the attempt of issue 20").isEqualTo("127.0.0.1");
        assertThat(host("test", Map.of("ratekit.security.noauth", "true", "quarkus.http.host", "0.0.0.0"), Map.of()))
                .as("no application.properties can widen it").isEqualTo("127.0.0.1");
    }

    @Test
    void withAuthenticationOnNothingChanges() {
        assertThat(host("dev", Map.of("%noauth.ratekit.security.noauth", "true"), Map.of())).isEqualTo("(default)");
        assertThat(host("prod", Map.of("quarkus.http.host", "0.0.0.0"), Map.of("ratekit.security.noauth", "false"))).isEqualTo("0.0.0.0");
    }

    @Test
    void anExplicitHostInTheEnvironmentStaysVisibleForTheGuardToRefuse() {
        String host = host("dev", Map.of(), Map.of("ratekit.security.noauth", "true", "quarkus.http.host", "0.0.0.0"));
        assertThat(host).isEqualTo("0.0.0.0");
        assertThat(NoAuthLoopback.isLoopback(host)).isFalse();
    }

    @Test
    void loopbackIsLoopbackAndNothingElse() {
        for (String loopback : new String[] {"127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"}) {
            assertThat(NoAuthLoopback.isLoopback(loopback)).as(loopback).isTrue();
        }
        for (String other : new String[] {"0.0.0.0", "::", "[::]", "192.0.2.2", "", " ", "no-such-host.invalid"}) {
            assertThat(NoAuthLoopback.isLoopback(other)).as(other).isFalse();
        }
        assertThat(NoAuthLoopback.isLoopback(null)).isFalse();
    }
}
