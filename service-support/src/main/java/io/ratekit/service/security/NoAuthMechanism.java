package io.ratekit.service.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code noauth} profile's "authentication": every request is an operator named
 * {@code noauth}. Off unless {@code ratekit.security.noauth=true}; {@link NoAuthGuard} refuses
 * it in production. Tried before OIDC so a stray token does not change who the caller is.
 */
@ApplicationScoped
public class NoAuthMechanism implements HttpAuthenticationMechanism {

    static final SecurityIdentity OPERATOR = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("noauth"))
            .addRole(Roles.ADMIN)
            .build();

    @ConfigProperty(name = "ratekit.security.noauth", defaultValue = "false")
    boolean noauth;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return noauth ? Uni.createFrom().item(OPERATOR) : Uni.createFrom().nullItem();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1000;
    }
}
