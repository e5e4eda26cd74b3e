package io.ratekit.processor.simulation;

import io.ratekit.processor.rating.ModuleState;
import io.ratekit.processor.rating.RatingSnapshot;
import io.ratekit.rating.RatingModule;
import io.ratekit.rating.RatingPipeline;
import io.ratekit.rating.hashmap.HashmapRatingModule;
import io.ratekit.rating.hashmap.HashmapRuleset;
import io.ratekit.rating.pyscripts.PyscriptsRatingModule;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline a simulation rates with: the processor's current one (module states, priorities,
 * hashmap rules, scripts and script workers) with the candidate's parts swapped in. A module the
 * candidate brings rules or scripts for runs even if it is disabled now, at its current priority:
 * the author asked to see those rules at work.
 */
public record CandidatePipeline(RatingPipeline pipeline, long basedOnVersion) {

    public static CandidatePipeline of(RatingSnapshot current, SimulationRequest request) {
        Map<String, ModuleState> states = new HashMap<>(current.states());
        HashmapRuleset hashmap = current.hashmap();
        if (request.rules() != null) {
            // version 0: the candidate's rule references (hashmap@0/rule/<n>) are never stored
            hashmap = request.rules().toRuleset(0);
            states.put(HashmapRatingModule.NAME, new ModuleState(true, current.state(HashmapRatingModule.NAME).priority()));
        }
        var scripts = current.scripts();
        if (request.scripts() != null) {
            scripts = request.scripts();
            states.put(PyscriptsRatingModule.NAME, new ModuleState(true, current.state(PyscriptsRatingModule.NAME).priority()));
        }
        RatingSnapshot candidate = new RatingSnapshot(current.version(), states, hashmap, scripts, current.runner());
        return new CandidatePipeline(candidate.pipeline(), current.version());
    }

    /** The modules that run, in their order. */
    public List<RatingModule> modules() {
        return pipeline.activeModules();
    }
}
