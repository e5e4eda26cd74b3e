package io.ratekit.service.api;

/**
 * A request parameter or body field the API refuses. Answered with 400 and a body naming
 * {@link #field()} (a parameter name or a JSON path such as {@code [1].attributes.vcpus}).
 */
public class InvalidInputException extends IllegalArgumentException {

    private final String field;

    public InvalidInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
