package io.ratekit.processor.simulation;

import io.ratekit.processor.pyscripts.ScriptWorkerPool;
import io.ratekit.rating.pyscripts.PyScript;
import io.ratekit.rating.pyscripts.ScriptException;
import io.ratekit.service.api.InvalidInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** Compiles the candidate scripts before a simulation starts, as an upload is: a syntax error is a 400 naming the script. */
final class CandidateScripts {

    private CandidateScripts() {
    }

    static void check(ScriptWorkerPool workers, List<PyScript> scripts) {
        for (int i = 0; i < scripts.size(); i++) {
            PyScript script = scripts.get(i);
            ScriptException problem;
            try {
                problem = workers.check(script.name(), script.code());
            } catch (ScriptException unavailable) {
                // no worker could compile it now: not the author's fault
                throw new WebApplicationException(Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                        .entity(Map.of("error", "unavailable", "message", "the scripts cannot be checked now: " + unavailable.getMessage()))
                        .build());
            }
            if (problem != null) {
                String where = problem.line() > 0 ? "line " + problem.line() + ", column " + problem.column() + ": " : "";
                throw new InvalidInputException("scripts[" + i + "].data", (problem.kind().equals("syntax") ? "does not compile: " : "cannot be checked: ")
                        + where + problem.getMessage());
            }
        }
    }
}
