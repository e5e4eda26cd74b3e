package io.ratekit.processor.pyscripts;

import io.ratekit.rating.pyscripts.ScriptException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** An uploaded script that does not compile: 400 naming {@code data} with the line and column. */
public class ScriptSyntaxException extends RuntimeException {

    private final ScriptException problem;

    public ScriptSyntaxException(ScriptException problem) {
        super(problem.getMessage(), problem);
        this.problem = problem;
    }

    public static class Mapper {
        @ServerExceptionMapper
        public Response map(ScriptSyntaxException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "invalid_parameter");
            body.put("field", "data");
            body.put("message", e.problem.kind().equals("syntax")
                    ? "does not compile: " + e.problem.getMessage() : "cannot be checked: " + e.problem.getMessage());
            body.put("line", e.problem.line());
            body.put("column", e.problem.column());
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON).entity(body).build();
        }
    }
}
