package io.ratekit.service.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;

/**
 * Refuses to start with authentication off outside the local profiles (noauth, dev, test), or on
 * any interface but loopback under any profile ({@link NoAuthLoopback} makes loopback the
 * default; this refuses an explicit {@code QUARKUS_HTTP_HOST=0.0.0.0}), and shouts when it is off.
 * Startup observers run before Quarkus opens the HTTP socket, so a refused service never listens.
 */
@ApplicationScoped
public class NoAuthGuard {

    private static final Logger LOG = Logger.getLogger(NoAuthGuard.class);

    private static final Set<String> LOCAL_PROFILES = Set.of("noauth", "dev", "test");

    @ConfigProperty(name = "ratekit.security.noauth", defaultValue = "false")
    boolean noauth;

    @ConfigProperty(name = NoAuthLoopback.HOST, defaultValue = "0.0.0.0")
    String host;

    void check(@Observes StartupEvent event) {
        if (!noauth) {
            return;
        }
        List<String> profiles = ConfigUtils.getProfiles();
        if (profiles.contains("prod")) {
            throw new IllegalStateException("ratekit.security.noauth=true is refused while the 'prod' profile is active"
                    + " (active profiles: " + profiles + "); run with QUARKUS_PROFILE=noauth for a local demo");
        }
        if (!LOCAL_PROFILES.containsAll(profiles)) {
            throw new IllegalStateException("ratekit.security.noauth=true is allowed only under the profiles " + LOCAL_PROFILES
                    + ", not " + profiles);
        }
        if (!NoAuthLoopback.isLoopback(host)) {
            throw new IllegalStateException("ratekit.security.noauth=true listens on loopback only, but " + NoAuthLoopback.HOST + "="
                    + host + " (active profiles: " + profiles + "); leave the host unset (it is then " + NoAuthLoopback.LOOPBACK
                    + ") or turn authentication on");
        }
        String line = "*".repeat(78);
        LOG.warnf("%n%s%n*  AUTHENTICATION IS OFF (profile %s): every request from this machine is an operator with every scope.%n"
                + "*  For local demos only. Listening on %s (loopback) only.%n%s", line, String.join(",", profiles), host, line);
    }
}
