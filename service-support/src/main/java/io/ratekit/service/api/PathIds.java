package io.ratekit.service.api;

import jakarta.ws.rs.NotFoundException;

import java.util.UUID;

/**
 * Ids in a resource path. One that is not a UUID names no resource: 404 "No such mapping: 42",
 * as CloudKitty answers (its path ids are looked up, not validated). Ids in a body or a query
 * stay 400s naming the field ({@link JsonBody#uuid(String, String)}).
 */
public final class PathIds {

    private PathIds() {
    }

    /** @param noun what the id names, for the message: {@code mapping}, {@code service}, ... */
    public static UUID uuid(String id, String noun) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No such " + noun + ": " + id);
        }
    }
}
