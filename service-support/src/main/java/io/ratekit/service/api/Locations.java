package io.ratekit.service.api;

import jakarta.ws.rs.core.UriInfo;

import java.net.URI;

/**
 * {@code Location} headers as CloudKitty sets them: the collection URL the request went to plus
 * the resource's id. Absolute, because cloudkittyclient (keystoneauth) follows a 302's
 * {@code Location} as it is and cannot resolve a relative one.
 */
public final class Locations {

    private Locations() {
    }

    /** The resource {@code id} in the collection of this request; the request's own URL if it already ends with the id. */
    public static URI of(UriInfo uri, String id) {
        String path = uri.getAbsolutePath().toString().replaceAll("/+$", "");
        return URI.create(path.endsWith("/" + id) ? path : path + "/" + id);
    }
}
