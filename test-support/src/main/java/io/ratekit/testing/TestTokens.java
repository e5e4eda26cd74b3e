package io.ratekit.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Signed bearer tokens for {@code @QuarkusTest}s, verified by the service's real OIDC extension
 * against a public key (Quarkus' "local public key" test set-up): no identity server needed. The
 * key pair is a fixed test-only one; register this resource once per module.
 */
public class TestTokens implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://ratekit.test/realms/ratekit";
    public static final String TENANT_CLAIM = "tenant_id";
    public static final String AUDIENCE = "ratekit-api";

    // a fixed test-only key pair (resources next to this class): the same in every class loader
    private static final PrivateKey PRIVATE_KEY = privateKey(pem("test-token-private.pem"));
    private static final String PUBLIC_KEY = pem("test-token-public.pem");

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.oidc.auth-server-url", "", // verify with the key alone: no discovery, no server
                "quarkus.oidc.public-key", PUBLIC_KEY,
                "quarkus.oidc.token.issuer", ISSUER,
                "ratekit.security.tenant-claim", TENANT_CLAIM);
    }

    @Override
    public void stop() {
    }

    public static String operator() {
        return token("olga", Set.of("rating-admin"), null);
    }

    public static String rulesAuthor() {
        return token("rudi", Set.of("rules-author"), null);
    }

    /** A tenant user whose token lists {@code scopes} (one as a string, several as an array). */
    public static String tenant(String... scopes) {
        return token("tina", Set.of("tenant"), scopes.length == 1 ? scopes[0] : Arrays.asList(scopes));
    }

    /** A valid token carrying no Ratekit role. */
    public static String nobody() {
        return token("nils", Set.of("offline_access"), null);
    }

    /** Roles as Keycloak puts them ({@code realm_access.roles}); {@code tenantClaim} a String or a List. */
    public static String token(String user, Set<String> roles, Object tenantClaim) {
        return token(user, roles, tenantClaim, AUDIENCE);
    }

    /** As {@link #token(String, Set, Object)}, issued for {@code audience} (another client's token when not {@link #AUDIENCE}). */
    public static String token(String user, Set<String> roles, Object tenantClaim, String audience) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .audience(audience)
                .subject(user)
                .preferredUserName(user)
                .claim("realm_access", Map.of("roles", roles))
                .expiresIn(3600);
        if (tenantClaim != null) {
            claims.claim(TENANT_CLAIM, tenantClaim);
        }
        return claims.sign(PRIVATE_KEY);
    }

    /** A token signed with a key the service does not trust. */
    public static String forged() {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("mallory").claim("realm_access", Map.of("roles", Set.of("rating-admin")))
                .expiresIn(3600).sign(generate().getPrivate());
    }

    private static String pem(String name) {
        try (InputStream in = TestTokens.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
