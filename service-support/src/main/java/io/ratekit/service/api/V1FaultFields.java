package io.ratekit.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratekit.frames.FrameCodec;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.lang.annotation.Annotation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where v1 error answers get CloudKitty's WSME fault fields. CloudKitty's v1 clients
 * read {@code {"faultcode", "faultstring", "debuginfo"}}; Ratekit's own fields ({@code error},
 * {@code message}, {@code field}) stay beside them. {@code faultcode} is {@code Client} for 4xx and
 * {@code Server} for 5xx, {@code faultstring} the message, {@code debuginfo} always null (WSME's
 * default: no stack traces). Every mapper and resource answers errors as a JSON object; this filter
 * adds the fields to whichever produced it, and gives a v1 error without a body (405, 406, ...) one.
 * v2 answers stay as they are: CloudKitty's v2 (Flask) errors have no such fields.
 */
public class V1FaultFields {

    private static final Logger LOG = Logger.getLogger(V1FaultFields.class);
    private static final Annotation[] NONE = new Annotation[0];

    @ServerResponseFilter
    public void addFaultFields(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || !isV1(request.getUriInfo().getPath())) {
            return;
        }
        String faultcode = status >= 500 ? "Server" : "Client";
        Object entity = response.getEntity();
        if (entity instanceof Map<?, ?> map) {
            Map<String, Object> body = new LinkedHashMap<>();
            map.forEach((k, v) -> body.put(String.valueOf(k), v));
            addTo(body, faultcode, reason(status));
            replace(response, body);
        } else if (entity instanceof ObjectNode node) {
            String message = node.hasNonNull("message") ? node.get("message").asText() : reason(status);
            node.put("faultcode", faultcode).put("faultstring", message).putNull("debuginfo");
        } else if (entity == null && !"HEAD".equals(request.getMethod())) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", reason(status).toLowerCase(java.util.Locale.ROOT).replace(' ', '_'));
            body.put("message", reason(status));
            addTo(body, faultcode, reason(status));
            replace(response, body);
        }
    }

    /**
     * As JSON text: the JSON writer would otherwise serialise a new entity with the generic type
     * of the resource method's result ({@code Map<String, List<Module>>}, ...) and fail.
     */
    private static void replace(ContainerResponseContext response, Map<String, Object> body) {
        try {
            response.setEntity(FrameCodec.mapper().writeValueAsString(body), NONE, MediaType.APPLICATION_JSON_TYPE);
        } catch (JsonProcessingException e) {
            LOG.warnf(e, "error body not rewritten with fault fields");
        }
    }

    private static void addTo(Map<String, Object> body, String faultcode, String fallback) {
        Object message = body.get("message");
        body.put("faultcode", faultcode);
        body.put("faultstring", message == null ? fallback : message.toString());
        body.put("debuginfo", null);
    }

    static boolean isV1(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.equals("v1") || p.startsWith("v1/");
    }

    private static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }
}
