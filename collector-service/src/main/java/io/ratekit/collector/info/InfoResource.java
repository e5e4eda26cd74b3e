package io.ratekit.collector.info;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.ratekit.collector.usage.MetricCatalog;
import io.ratekit.collector.usage.MetricCatalog.MetricInfo;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudKitty's {@code /v1/info}: the collected metrics and their configuration, in CloudKitty's
 * JSON ({@code cloudkitty info config get}, {@code info metric list|get}). As in CloudKitty
 * (policy {@code info:*} unprotected) any authenticated caller may read it: it holds no tenant data.
 */
@Path("/v1/info")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {

    @Inject
    MetricCatalog catalog;

    @GET
    @Path("/config")
    @Operation(summary = "The metrics configuration as loaded (CloudKitty's metrics.yml shape)")
    @APIResponse(responseCode = "200", description = "{\"metrics\": {\"<metric>\": {\"unit\", \"alt_name\", \"factor\", ...}}}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public JsonNode config() {
        return catalog.document();
    }

    @GET
    @Path("/metrics")
    @Operation(summary = "The collected metrics: metric_id (the type in frames), unit, metadata keys")
    public Map<String, Object> metrics() {
        return Map.of("metrics", catalog.metrics().stream().map(InfoResource::json).toList());
    }

    @GET
    @Path("/metrics/{metric_id}")
    @Operation(summary = "One collected metric by its id (the alt_name)")
    public Map<String, Object> metric(@PathParam("metric_id") String metricId) {
        return json(catalog.metric(metricId).orElseThrow(() -> new NotFoundException("No such metric: " + metricId)));
    }

    /** CloudKitty's deprecated name of {@code /v1/info/metrics}. */
    @GET
    @Path("/services")
    @Operation(summary = "Deprecated name of /v1/info/metrics (CloudKitty)")
    @Deprecated
    public Map<String, Object> services() {
        return metrics();
    }

    @GET
    @Path("/services/{service_id}")
    @Operation(summary = "Deprecated name of /v1/info/metrics/{metric_id} (CloudKitty)")
    @Deprecated
    public Map<String, Object> service(@PathParam("service_id") String serviceId) {
        return metric(serviceId);
    }

    // CloudkittyMetricInfo as WSME writes it: attributes in alphabetical order
    private static Map<String, Object> json(MetricInfo m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("metadata", m.metadata());
        json.put("metric_id", m.metricId());
        json.put("unit", m.unit());
        return json;
    }
}
