package io.ratekit.service.api;

import io.ratekit.frames.FrameFormatException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/**
 * Error answers as JSON, never a stack trace: 400 naming the parameter or field, 404, 409, 415
 * naming the media type the endpoint takes. ({@link V1FaultFields} adds CloudKitty's fault fields
 * to all of them on v1 paths.)
 */
public class BadRequestMappers {

    /** What every JSON endpoint takes; endpoints that take more (the rules import) also take this. */
    static final String SUPPORTED = MediaType.APPLICATION_JSON;

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e) {
        return badRequest(e.field(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidFrame(FrameFormatException e) {
        return badRequest(e.field(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "conflict", "message", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response notFound(jakarta.ws.rs.NotFoundException e) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "not_found", "message", e.getMessage() == null ? "not found" : e.getMessage())).build();
    }

    /**
     * A body in a media type the endpoint does not read. The exception does not say what the
     * endpoint takes, but every endpoint takes JSON; the message starts as WSME's does.
     */
    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, HttpHeaders headers) {
        String sent = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "unsupported_media_type",
                        "message", "Unknown mimetype: " + (sent == null ? "(none)" : sent) + "; send the body as " + SUPPORTED,
                        "supported", List.of(SUPPORTED)))
                .build();
    }

    static Response badRequest(String field, String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "invalid_parameter", "field", field, "message", message)).build();
    }
}
