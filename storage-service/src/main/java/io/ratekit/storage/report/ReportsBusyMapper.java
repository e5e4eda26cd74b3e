package io.ratekit.storage.report;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Overload as 503 with {@code Retry-After} and a JSON body saying so. */
public class ReportsBusyMapper {

    private static final Logger LOG = Logger.getLogger(ReportsBusyMapper.class);

    @Inject
    ReportCapacity capacity;

    @ServerExceptionMapper
    public Response busy(ReportsBusyException e) {
        LOG.debugf(e, "report answered 503: %s", e.getMessage());
        return capacity.busy(e.getMessage());
    }

    /** The answer itself, shared with the admission filter. */
    static Response busy(String message, long retryAfterSeconds) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .entity(Map.of("error", "overloaded", "message", message, "retry_after", retryAfterSeconds))
                .build();
    }
}
