package io.ratekit.processor.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rating rules: operators do everything; rule authors read modules and write rules but cannot
 * enable modules or reload them; tenants only quote. Tokens are signed and verified for real.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class ProcessorSecurityTest {

    private static final String QUOTE = "{\"resources\":[{\"service\":\"sec.ram\",\"volume\":\"1\"}]}";

    private static int status(String token, String method, String path, String body) {
        RequestSpecification spec = given().contentType(ContentType.JSON);
        if (token != null) {
            spec = spec.auth().oauth2(token);
        }
        if (body != null) {
            spec = spec.body(body);
        }
        return spec.request(method, path).statusCode();
    }

    @Test
    void withoutAValidTokenEverythingIs401() {
        for (String token : new String[] {null, TestTokens.forged()}) {
            assertThat(status(token, "GET", "/v1/rating/modules", null)).isEqualTo(401);
            assertThat(status(token, "GET", "/v1/rating/module_config/hashmap/services", null)).isEqualTo(401);
            assertThat(status(token, "POST", "/v1/rating/quote", QUOTE)).isEqualTo(401);
        }
    }

    @Test
    void rulesAuthorsWriteRulesButDoNotRunModules() {
        String author = TestTokens.rulesAuthor();
        assertThat(status(author, "GET", "/v1/rating/modules", null)).isEqualTo(200);
        assertThat(status(author, "GET", "/v2/rating/modules/hashmap", null)).isEqualTo(200);
        assertThat(status(author, "POST", "/v1/rating/module_config/hashmap/services", "{\"name\":\"sec.author\"}")).isEqualTo(201);
        assertThat(status(author, "GET", "/v1/rating/module_config/hashmap/services", null)).isEqualTo(200);
        assertThat(status(author, "GET", "/v1/rating/module_config/hashmap/export", null)).isEqualTo(200);
        assertThat(status(author, "GET", "/v1/rating/module_config/pyscripts/scripts", null)).isEqualTo(200);
        assertThat(status(author, "POST", "/v1/rating/quote", QUOTE)).isEqualTo(200);
        assertThat(status(author, "PUT", "/v1/rating/modules/hashmap", "{\"enabled\":false}")).isEqualTo(403);
        assertThat(status(author, "GET", "/v1/rating/reload_modules", null)).isEqualTo(403);
    }

    @Test
    void tenantsOnlyQuote() {
        String tenant = TestTokens.tenant("sec-t");
        assertThat(status(tenant, "POST", "/v1/rating/quote", QUOTE)).isEqualTo(200);
        assertThat(status(tenant, "GET", "/v1/rating/modules", null)).isEqualTo(403);
        assertThat(status(tenant, "GET", "/v1/rating/module_config/hashmap/services", null)).isEqualTo(403);
        assertThat(status(tenant, "POST", "/v1/rating/module_config/hashmap/services", "{\"name\":\"sec.tenant\"}")).isEqualTo(403);
        assertThat(status(tenant, "GET", "/v1/rating/module_config/pyscripts/scripts", null)).isEqualTo(403);
        assertThat(status(tenant, "POST", "/v1/rating/module_config/pyscripts/scripts", "{\"name\":\"t\",\"data\":\"pass\"}")).isEqualTo(403);
        assertThat(status(TestTokens.nobody(), "POST", "/v1/rating/quote", QUOTE)).isEqualTo(403);
    }

    @Test
    void operatorsDoEverything() {
        String operator = TestTokens.operator();
        assertThat(status(operator, "GET", "/v1/rating/modules", null)).isEqualTo(200);
        assertThat(status(operator, "POST", "/v1/rating/module_config/hashmap/services", "{\"name\":\"sec.operator\"}")).isEqualTo(201);
        assertThat(status(operator, "GET", "/v1/rating/reload_modules", null)).isBetween(200, 299);
        assertThat(status(operator, "POST", "/v1/rating/quote", QUOTE)).isEqualTo(200);
    }
}
