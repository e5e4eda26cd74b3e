package io.ratekit.processor.rating;

import io.ratekit.rating.NoopRatingModule;
import io.ratekit.rating.RatingModule;
import io.ratekit.rating.RatingPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Wires the rating modules of {@code rating-rules} into the processor. */
@ApplicationScoped
public class RatingModules {

    @Produces
    @ApplicationScoped
    NoopRatingModule noop() {
        return new NoopRatingModule();
    }

    @Produces
    @ApplicationScoped
    RatingPipeline pipeline(Instance<RatingModule> modules) {
        return new RatingPipeline(modules.stream().toList());
    }
}
