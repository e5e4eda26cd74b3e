package io.ratekit.rating;

/** A frame that a rating module could not rate. The message names the module and the problem. */
public class RatingException extends RuntimeException {

    private final String module;

    public RatingException(String module, String problem) {
        super("rating module '" + module + "': " + problem);
        this.module = module;
    }

    public RatingException(String module, String problem, Throwable cause) {
        super("rating module '" + module + "': " + problem, cause);
        this.module = module;
    }

    public String module() {
        return module;
    }
}
