package io.ratekit.service.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/**
 * Unexpected failures (a database error, a bug) answer 500 with a reference to the log entry and
 * nothing else: no stack trace, no SQL, no message that could describe another tenant's data.
 */
public class InternalErrorMapper {

    private static final Logger LOG = Logger.getLogger(InternalErrorMapper.class);

    @ServerExceptionMapper({IllegalStateException.class, NullPointerException.class, UncheckedIOException.class,
            ClassCastException.class, IndexOutOfBoundsException.class})
    public Response internal(RuntimeException e) {
        return answer(e);
    }

    static Response answer(Throwable e) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "internal error %s", reference);
        return Response.status(Response.Status.INTERNAL_SERVER_ERROR).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "internal", "message", "internal error; the service log has the details under this reference",
                        "reference", reference))
                .build();
    }
}
