package io.ratekit.collector.event;

import java.time.Instant;
import java.util.Map;

/** One change in a resource's life: created, updated (resize, attribute change) or deleted. */
public record LifecycleEvent(String eventId, String scopeId, String resourceId, String resourceType,
                             Action action, Instant occurredAt, Map<String, String> attributes) {

    public enum Action {
        CREATE, UPDATE, DELETE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
