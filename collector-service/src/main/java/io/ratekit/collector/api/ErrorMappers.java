package io.ratekit.collector.api;

import io.ratekit.collector.event.EventFormatException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** 400 answers that name the offending field or parameter, never a stack trace. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response invalidEvent(EventFormatException e) {
        return badRequest(e.field(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e) {
        return badRequest(e.field(), e.getMessage());
    }

    static Response badRequest(String field, String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "invalid_parameter", "field", field, "message", message)).build();
    }
}
