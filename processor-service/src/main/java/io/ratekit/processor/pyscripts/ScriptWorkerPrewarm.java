package io.ratekit.processor.pyscripts;

import io.quarkus.runtime.StartupEvent;
import io.ratekit.processor.rating.RatingSnapshot;
import io.ratekit.processor.rating.RatingSnapshots;
import io.ratekit.rating.pyscripts.PyscriptsRatingModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Starts the script workers with the processor when scripts are in use (the module is enabled and
 * has scripts), so the first frame does not wait seconds for a warm worker; a processor without
 * scripts starts none until the first upload.
 */
@ApplicationScoped
public class ScriptWorkerPrewarm {

    @Inject
    PyscriptsConfig config;
    @Inject
    RatingSnapshots snapshots;
    @Inject
    ScriptWorkerPool workers;

    void atStart(@Observes StartupEvent event) {
        RatingSnapshot snapshot = snapshots.current();
        if (config.prewarm() && snapshot.state(PyscriptsRatingModule.NAME).enabled() && !snapshot.scripts().isEmpty()) {
            workers.prewarm();
        }
    }
}
