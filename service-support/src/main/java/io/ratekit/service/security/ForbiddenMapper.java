package io.ratekit.service.security;

import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** 403 as JSON saying why (role or scope), like every other error answer of Ratekit. */
public class ForbiddenMapper {

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        String message = e.getMessage() == null || e.getMessage().isBlank()
                ? "the caller's roles do not allow this request" : e.getMessage();
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "forbidden", "message", message)).build();
    }
}
