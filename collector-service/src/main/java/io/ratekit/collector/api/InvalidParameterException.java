package io.ratekit.collector.api;

/** A query parameter the API refuses; answered with 400 naming {@link #field()}. */
public class InvalidParameterException extends RuntimeException {

    private final String field;

    public InvalidParameterException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
