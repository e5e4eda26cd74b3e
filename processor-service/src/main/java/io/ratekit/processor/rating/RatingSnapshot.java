package io.ratekit.processor.rating;

import io.ratekit.rating.NoopRatingModule;
import io.ratekit.rating.RatingModule;
import io.ratekit.rating.RatingPipeline;
import io.ratekit.rating.hashmap.HashmapRatingModule;
import io.ratekit.rating.hashmap.HashmapRuleset;
import io.ratekit.rating.pyscripts.PyScript;
import io.ratekit.rating.pyscripts.PyscriptsRatingModule;
import io.ratekit.rating.pyscripts.ScriptRunner;

import java.util.List;
import java.util.Map;

/**
 * One consistent version of everything that decides a price: module states, hashmap rules and
 * scripts (run by {@code runner}, the script workers).
 * A frame is rated with the pipeline of one snapshot, never half old and half new.
 */
public record RatingSnapshot(long version, Map<String, ModuleState> states, HashmapRuleset hashmap, List<PyScript> scripts,
                             ScriptRunner runner) {

    public ModuleState state(String module) {
        if (module.equals(NoopRatingModule.NAME)) {
            return new ModuleState(true, 1); // CloudKitty hard-codes noop: always on, priority 1
        }
        return states.getOrDefault(module, ModuleState.DEFAULT);
    }

    /** The modules of this snapshot, enabled or not. */
    public List<RatingModule> modules() {
        ModuleState hashmapState = state(HashmapRatingModule.NAME);
        return List.of(new NoopRatingModule(),
                new HashmapRatingModule(() -> hashmap, hashmapState::enabled, hashmapState::priority),
                pyscripts());
    }

    public PyscriptsRatingModule pyscripts() {
        ModuleState state = state(PyscriptsRatingModule.NAME);
        return new PyscriptsRatingModule(() -> scripts, runner, state::enabled, state::priority);
    }

    public RatingPipeline pipeline() {
        return new RatingPipeline(modules());
    }

    public static List<String> moduleNames() {
        return List.of(HashmapRatingModule.NAME, NoopRatingModule.NAME, PyscriptsRatingModule.NAME);
    }
}
