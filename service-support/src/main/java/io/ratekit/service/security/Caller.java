package io.ratekit.service.security;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is calling, as far as data goes: operators see every scope; everybody else only the scopes
 * listed in the token claim {@code ratekit.security.tenant-claim} (a string for one scope, an
 * array for several, e.g. an MSP customer with sub-tenants).
 */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    @ConfigProperty(name = "ratekit.security.tenant-claim", defaultValue = "tenant_id")
    String tenantClaim;

    public boolean seesAllScopes() {
        return identity.hasRole(Roles.ADMIN);
    }

    private Set<String> scopes; // read from the token once per request

    /** The scopes named in the caller's token (empty for a token without the claim). */
    public Set<String> scopes() {
        if (scopes == null) {
            Set<String> named = new LinkedHashSet<>();
            if (identity.getPrincipal() instanceof JsonWebToken jwt) {
                addClaim(named, jwt.getClaim(tenantClaim));
            }
            scopes = java.util.Collections.unmodifiableSet(named);
        }
        return scopes;
    }

    public RowAccess rowAccess() {
        return seesAllScopes() ? RowAccess.ALL : RowAccess.only(scopes());
    }

    /**
     * The scopes a query may cover: for operators what was asked ({@code null}: no restriction);
     * {@code requested} null means nothing was asked;
     * for others what was asked intersected with their scopes, or all their scopes when nothing was
     * asked. Asking only for scopes that are not the caller's is refused (403) rather than
     * answered with an empty result, so a tenant knows it asked for something it may not see.
     */
    public List<String> scopesFor(List<String> requested, String parameter) {
        if (seesAllScopes()) {
            return requested;
        }
        Set<String> own = scopes();
        if (requested == null) {
            return new ArrayList<>(own);
        }
        List<String> kept = requested.stream().filter(own::contains).distinct().toList();
        if (kept.isEmpty()) {
            throw new ForbiddenException(parameter + ": " + (requested.isEmpty() ? "no scope" : "scope " + String.join(", ", requested))
                    + " is not among the scopes of this caller");
        }
        return kept;
    }

    private static void addClaim(Set<String> scopes, Object claim) {
        if (claim instanceof JsonString s) {
            addText(scopes, s.getString());
        } else if (claim instanceof String s) {
            addText(scopes, s);
        } else if (claim instanceof Collection<?> values) {
            values.forEach(v -> addClaim(scopes, v));
        } else if (claim instanceof JsonValue v && v.getValueType() == JsonValue.ValueType.NUMBER) {
            scopes.add(v.toString());
        }
    }

    private static void addText(Set<String> scopes, String text) {
        if (!text.isBlank()) {
            scopes.add(text.trim());
        }
    }
}
