package io.ratekit.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratekit.frames.FrameCodec;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** CloudKitty's WSME fault fields: Client for 4xx, Server for 5xx, on v1 paths only, beside Ratekit's fields. */
class V1FaultFieldsTest {

    private static JsonNode filtered(String path, int status, Object entity) throws Exception {
        AtomicReference<Object> body = new AtomicReference<>(entity);
        UriInfo uri = proxy(UriInfo.class, (name, args) -> name.equals("getPath") ? path : null);
        ContainerRequestContext request = proxy(ContainerRequestContext.class,
                (name, args) -> name.equals("getUriInfo") ? uri : name.equals("getMethod") ? "GET" : null);
        ContainerResponseContext response = proxy(ContainerResponseContext.class, (name, args) -> switch (name) {
            case "getStatus" -> status;
            case "getEntity" -> body.get();
            case "setEntity" -> {
                body.set(args[0]);
                yield null;
            }
            default -> null;
        });
        new V1FaultFields().addFaultFields(request, response);
        Object out = body.get();
        return out instanceof String json ? FrameCodec.mapper().readTree(json) : FrameCodec.mapper().valueToTree(out);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> answer.apply(m.getName(), a));
    }

    @Test
    void aServerErrorIsAServerFaultWithoutDebugInfo() throws Exception {
        JsonNode body = filtered("/v1/rating/quote", 500, Map.of("error", "internal", "message", "internal error", "reference", "r-1"));
        assertThat(body.get("faultcode").asText()).isEqualTo("Server");
        assertThat(body.get("faultstring").asText()).isEqualTo("internal error");
        assertThat(body.get("debuginfo").isNull()).isTrue();
        assertThat(body.get("reference").asText()).isEqualTo("r-1");
    }

    @Test
    void aClientErrorKeepsRatekitsFields() throws Exception {
        ObjectNode entity = FrameCodec.mapper().createObjectNode().put("error", "invalid_parameter").put("field", "data").put("message", "data: no");
        JsonNode body = filtered("v1/rating/module_config/pyscripts/scripts", 400, entity);
        assertThat(body.get("faultcode").asText()).isEqualTo("Client");
        assertThat(body.get("faultstring").asText()).isEqualTo("data: no");
        assertThat(body.get("field").asText()).isEqualTo("data");
    }

    @Test
    void aV1ErrorWithoutABodyGetsOne() throws Exception {
        JsonNode body = filtered("/v1/rating/modules", 405, null);
        assertThat(body.get("faultstring").asText()).isEqualTo("Method Not Allowed");
        assertThat(body.get("error").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void v2AndSuccessesStayAsTheyAre() throws Exception {
        assertThat(filtered("/v2/summary", 400, Map.of("message", "no")).has("faultcode")).isFalse();
        assertThat(filtered("/v1x/other", 404, Map.of("message", "no")).has("faultcode")).isFalse();
        assertThat(filtered("/v1/rating/modules", 200, Map.of("modules", 1)).has("faultcode")).isFalse();
    }
}
