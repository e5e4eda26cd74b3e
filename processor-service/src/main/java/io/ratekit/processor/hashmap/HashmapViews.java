package io.ratekit.processor.hashmap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The JSON shapes of CloudKitty's hashmap API (v1), field for field. Costs and levels are
 * strings with CloudKitty's scale (28 and 8 decimals). {@code start} and {@code end} are
 * Ratekit's validity window (CloudKitty 2025.2 added the same to its rules).
 */
public final class HashmapViews {

    private HashmapViews() {
    }

    public record Service(String service_id, String name) {
    }

    public record Services(List<Service> services) {
    }

    public record Field(String field_id, String service_id, String name) {
    }

    public record Fields(List<Field> fields) {
    }

    public record Group(String group_id, String name) {
    }

    public record Groups(List<Group> groups) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Mapping(String mapping_id, String value, @JsonProperty("type") String type, String cost, String service_id,
                          String field_id, String group_id, String tenant_id, String start, String end) {
    }

    public record Mappings(List<Mapping> mappings) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Threshold(String threshold_id, String level, @JsonProperty("type") String type, String cost, String service_id,
                            String field_id, String group_id, String tenant_id, String start, String end) {
    }

    public record Thresholds(List<Threshold> thresholds) {
    }
}
