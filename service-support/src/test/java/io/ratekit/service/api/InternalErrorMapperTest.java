package io.ratekit.service.api;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InternalErrorMapperTest {

    @Test
    void aDatabaseErrorAnswers500WithAReferenceButNeitherSqlNorStack() {
        Response r = new InternalErrorMapper().internal(new IllegalStateException(
                "database error: ERROR: duplicate key value violates unique constraint \"x\" Detail: Key (scope_id)=(tenant-b) exists"));
        assertThat(r.getStatus()).isEqualTo(500);
        @SuppressWarnings("unchecked")
        Map<String, String> body = (Map<String, String>) r.getEntity();
        assertThat(body).containsOnlyKeys("error", "message", "reference");
        assertThat(body.get("reference")).matches("[0-9a-f-]{36}");
        assertThat(body.toString()).doesNotContain("tenant-b", "ERROR", "Exception", "at io.");
    }
}
