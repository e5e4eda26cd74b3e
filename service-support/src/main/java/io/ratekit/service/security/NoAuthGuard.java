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
 * Refuses to start with authentication off outside the local profiles (noauth, dev, test), and
 * shouts when it is off there. The noauth profile also listens on loopback only.
 */
@ApplicationScoped
public class NoAuthGuard {

    private static final Logger LOG = Logger.getLogger(NoAuthGuard.class);

    private static final Set<String> LOCAL_PROFILES = Set.of("noauth", "dev", "test");

    @ConfigProperty(name = "ratekit.security.noauth", defaultValue = "false")
    boolean noauth;

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
        String line = "*".repeat(78);
        LOG.warnf("%n%s%n*  AUTHENTICATION IS OFF (profile noauth): every request is an operator with every scope.%n"
                + "*  For local demos only. Active profiles: %s%n%s", line, profiles, line);
    }
}
