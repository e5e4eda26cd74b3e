package io.ratekit.frames;

/**
 * The RabbitMQ topology shared by the services, in one place. The services' channel
 * configuration repeats these names (configuration cannot reference Java constants); each
 * service has a test that fails when the two drift apart.
 */
public final class AmqpNames {

    /** Topic exchange the collector publishes unrated frames to. */
    public static final String USAGE_EXCHANGE = "ratekit.usage";
    /** Topic exchange the processor publishes rated frames to. */
    public static final String RATED_EXCHANGE = "ratekit.rated";
    /** Dead-letter exchange (direct) shared by all queues; routed by queue name. */
    public static final String DEAD_LETTER_EXCHANGE = "ratekit.dlx";

    /** Quorum queue the processors compete on. */
    public static final String PROCESSOR_QUEUE = "ratekit.processor.usage";
    /** Quorum queue the storage services compete on. */
    public static final String STORAGE_QUEUE = "ratekit.storage.rated";
    public static final String PROCESSOR_DEAD_LETTER_QUEUE = PROCESSOR_QUEUE + ".dlq";
    public static final String STORAGE_DEAD_LETTER_QUEUE = STORAGE_QUEUE + ".dlq";

    /** Binding pattern that takes every frame. */
    public static final String ALL_FRAMES = "frame.#";

    /** Header on a dead-lettered message: why it could not be handled. */
    public static final String FAILURE_REASON_HEADER = "x-ratekit-failure-reason";
    /** Header on a dead-lettered message: which service gave up on it. */
    public static final String FAILED_BY_HEADER = "x-ratekit-failed-by";
    /** Header carrying the frame id, for tracing without parsing the body. */
    public static final String FRAME_ID_HEADER = "x-ratekit-frame-id";

    public static final String CONTENT_TYPE = "application/vnd.ratekit.frame+json";

    private AmqpNames() {
    }

    /** Headers of a message a service dead-letters itself: why, who, which frame. */
    public static java.util.Map<String, Object> deadLetterHeaders(String reason, String service, String frameId) {
        String shortReason = reason == null ? "unknown" : reason.length() > 4000 ? reason.substring(0, 4000) : reason;
        return java.util.Map.of(FAILURE_REASON_HEADER, shortReason, FAILED_BY_HEADER, service,
                FRAME_ID_HEADER, frameId == null ? "" : frameId);
    }

    /** {@code frame.<source>.<scope>}; dots in the scope are replaced so it stays one word. */
    public static String routingKey(Frame frame) {
        return "frame." + word(frame.source()) + "." + word(frame.scopeId());
    }

    private static String word(String value) {
        return value.replace('.', '_').replace('*', '_').replace('#', '_');
    }
}
