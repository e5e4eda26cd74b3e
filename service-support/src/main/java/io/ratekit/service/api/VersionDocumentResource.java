package io.ratekit.service.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/**
 * {@code GET /} (and {@code HEAD /}) on every service: CloudKitty's version document, which
 * version discovery (keystoneauth) and load-balancer checks read without a token. Same shape as
 * CloudKitty's root controller: v1 {@code CURRENT}, v2 {@code EXPERIMENTAL}, each with a link to
 * its root on the host the caller used.
 */
@Path("/")
@PermitAll // nothing here is tenant data; discovery and health checks come without a token
public class VersionDocumentResource {

    public record Link(String href, String rel) {
    }

    public record Version(String id, List<Link> links, String status) {
    }

    public record Versions(List<Version> versions) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Versions versions(@Context UriInfo uri) {
        String base = uri.getBaseUri().toString().replaceAll("/+$", "");
        return new Versions(List.of(
                new Version("v1", List.of(new Link(base + "/v1", "self")), "CURRENT"),
                new Version("v2", List.of(new Link(base + "/v2", "self")), "EXPERIMENTAL")));
    }
}
