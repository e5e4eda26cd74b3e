package io.ratekit.frames;

/**
 * A frame or data point that breaks the contract. {@link #field()} is the JSON path of the
 * offending value (for example {@code usage.instance[0].vol.qty}) so that an API can answer
 * 400 naming it and a consumer can dead-letter the message with a useful reason.
 */
public class FrameFormatException extends IllegalArgumentException {

    private final String field;

    public FrameFormatException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
