package io.ratekit.service.api;

import io.ratekit.frames.FrameFormatException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Error answers as JSON, never a stack trace: 400 naming the parameter or field, 404, 409. */
public class BadRequestMappers {

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

    static Response badRequest(String field, String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "invalid_parameter", "field", field, "message", message)).build();
    }
}
