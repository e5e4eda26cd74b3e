package io.ratekit.service.security;

/**
 * The three personas of Ratekit as token roles (Keycloak realm or client roles; other names can be
 * mapped onto these with {@code quarkus.http.auth.roles-mapping}).
 */
public final class Roles {

    /** Operators: everything, every scope. */
    public static final String ADMIN = "rating-admin";
    /** Rule authors: rating modules and rules, quotes; no scope state, reprocessing or rated data. */
    public static final String RULES_AUTHOR = "rules-author";
    /** Self-service tenants: read-only reporting and quotes, limited to the scopes in their token. */
    public static final String TENANT = "tenant";

    private Roles() {
    }
}
