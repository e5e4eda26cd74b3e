package io.ratekit.service.api;

/** The request contradicts what is stored (a duplicate name, value or level): 409. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
