package io.ratekit.collector.event;

/** An event the collector refuses; {@link #field()} is the JSON path of the problem. */
public class EventFormatException extends IllegalArgumentException {

    private final String field;

    public EventFormatException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
