package io.ratekit.rating.pyscripts;

import java.util.List;

/** Runs scripts in the given order on a frame in CloudKitty's dict shape (JSON), each on the previous one's output. */
public interface ScriptRunner {

    /** What a script printed while it ran. */
    record Printed(String script, String output) {
    }

    /** The frame after the last script, and what each script printed. */
    record Result(String frameJson, List<Printed> printed) {
    }

    /** @throws ScriptException naming the script that failed and why */
    Result run(List<PyScript> scripts, String frameJson);
}
