package io.ratekit.rating;

/**
 * Rating could not run now, through no fault of the frame (no script worker free, the processor
 * shutting down): the frame is redelivered later instead of dead-lettered.
 */
public class RetryableRatingException extends RuntimeException {

    public RetryableRatingException(String module, String problem, Throwable cause) {
        super("rating module '" + module + "' unavailable: " + problem, cause);
    }
}
