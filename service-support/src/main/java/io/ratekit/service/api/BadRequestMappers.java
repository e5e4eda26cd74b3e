package io.ratekit.service.api;

import io.ratekit.frames.FrameFormatException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** 400 answers that name the offending parameter or field, never a stack trace: {@code {"error", "field", "message"}}. */
public class BadRequestMappers {

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e) {
        return badRequest(e.field(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidFrame(FrameFormatException e) {
        return badRequest(e.field(), e.getMessage());
    }

    static Response badRequest(String field, String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "invalid_parameter", "field", field, "message", message)).build();
    }
}
