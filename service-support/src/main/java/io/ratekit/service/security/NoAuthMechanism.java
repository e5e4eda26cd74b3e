package io.ratekit.service.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code noauth} profile's "authentication": every request whose connection comes from this
 * machine (a loopback peer) is an operator named {@code noauth}. Off unless
 * {@code ratekit.security.noauth=true}; {@link NoAuthGuard} refuses it in production and on
 * anything but loopback. The peer check is a second fence should the binding ever be widened: a
 * connection from elsewhere gets no identity here (the socket's peer, not a forwarded header,
 * which a client could forge). Tried before OIDC so a stray token does not change who the caller is.
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
        return noauth && fromLoopback(context) ? Uni.createFrom().item(OPERATOR) : Uni.createFrom().nullItem();
    }

    private static boolean fromLoopback(RoutingContext context) {
        SocketAddress peer = context.request().connection().remoteAddress();
        return peer != null && peer.hostAddress() != null && NoAuthLoopback.isLoopback(peer.hostAddress());
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
