package io.ratekit.rating.cli;

import io.ratekit.frames.Frame;
import io.ratekit.rating.ConfiguredRatingModule;
import io.ratekit.rating.hashmap.HashmapRatingModule;

import java.util.ArrayList;
import java.util.List;

/**
 * The hashmap module of one frame of {@code rate}: {@link HashmapRatingModule} rating as the frame's
 * tenant, or, for a frame without tenant, with the rules for all tenants only (CloudKitty's quotes),
 * which the processor never has to do (its frames always have a scope). Keeps the explanation of
 * what it priced for {@code --explain}.
 */
final class TenantHashmap extends ConfiguredRatingModule {

    private final HashmapRatingModule hashmap;
    private final String tenant;
    private final boolean explain;
    private final List<HashmapRatingModule.Explanation> explanations = new ArrayList<>();

    TenantHashmap(HashmapRatingModule hashmap, String tenant, boolean explain) {
        super(hashmap.name(), hashmap.description(), hashmap::enabled, hashmap::priority);
        this.hashmap = hashmap;
        this.tenant = tenant;
        this.explain = explain;
    }

    @Override
    public Frame rate(Frame frame) {
        if (explain) {
            explanations.addAll(hashmap.explain(frame, tenant));
        }
        return hashmap.rateAs(frame, tenant);
    }

    /** What the hashmap found for each point it priced (empty unless explaining, or when it did not run). */
    List<HashmapRatingModule.Explanation> explanations() {
        return explanations;
    }
}
