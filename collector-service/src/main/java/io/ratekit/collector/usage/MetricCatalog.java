package io.ratekit.collector.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratekit.collector.CollectorConfig;
import io.ratekit.collector.source.vsphere.UtilisationMetric;
import io.ratekit.collector.source.vsphere.VsphereCollectorConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The metrics this collector sends, read once at start: the {@code metrics.yml} when one is
 * configured (collection converts with it), otherwise the built-in ones (the allocation metrics of
 * the configuration and, with the vSphere source, {@code vm} and its utilisation gauges).
 * CloudKitty's {@code /v1/info} answers from here. Without a file the list is not closed: every
 * posted resource type is a metric too, and the resource's attributes travel as metadata.
 */
@ApplicationScoped
@Startup // a bad metrics file stops the start, naming its path
public class MetricCatalog {

    /** One metric as CloudKitty's {@code CloudkittyMetricInfo}: its type ({@code alt_name}), unit and metadata keys. */
    public record MetricInfo(String metricId, String unit, List<String> metadata) {
    }

    private final MetricDefinitions definitions;
    private final JsonNode document;
    private final List<MetricInfo> metrics = new ArrayList<>();

    @Inject
    public MetricCatalog(CollectorConfig config, VsphereCollectorConfig vsphere) {
        this(config.metricsFile().map(file -> MetricDefinitions.load(Path.of(file))).orElse(null), builtInUnits(config, vsphere));
    }

    /** From a metrics file, or, when there is none, from the built-in metrics (type → unit). */
    MetricCatalog(MetricDefinitions definitions, Map<String, String> builtInUnits) {
        this.definitions = definitions;
        if (definitions != null) {
            document = definitions.document();
            definitions.definitions().values().forEach(d -> metrics.add(new MetricInfo(d.altName(), d.unit(), d.metadata())));
        } else {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            ObjectNode byType = root.putObject("metrics");
            new TreeMap<>(builtInUnits).forEach((type, unit) -> {
                byType.putObject(type).put("unit", unit);
                metrics.add(new MetricInfo(type, unit, List.of()));
            });
            document = root;
        }
    }

    /** The file's definitions, which collection applies; empty when none is configured. */
    public Optional<MetricDefinitions> definitions() {
        return Optional.ofNullable(definitions);
    }

    /** CloudKitty's {@code /v1/info/config}: the metrics file as loaded, or the built-in metrics in its shape. */
    public JsonNode document() {
        return document.deepCopy();
    }

    public List<MetricInfo> metrics() {
        return List.copyOf(metrics);
    }

    /** By metric id, which is the {@code alt_name} (the type in frames), as CloudKitty looks it up. */
    public Optional<MetricInfo> metric(String metricId) {
        return metrics.stream().filter(m -> m.metricId().equals(metricId)).findFirst();
    }

    // the allocation metrics and, with the vSphere source, the VM's own metric and its utilisation gauges
    private static Map<String, String> builtInUnits(CollectorConfig config, VsphereCollectorConfig vsphere) {
        Map<String, String> units = new TreeMap<>();
        config.allocations().values().forEach(a -> units.put(a.metric(), a.unit()));
        if (vsphere.enabled()) {
            units.put("vm", "vm"); // a resource's own metric has its type as unit
            if (vsphere.utilisationInterval() > 0) {
                UtilisationMetric.VM_COUNTERS.values().forEach(u -> units.put(u.type(), u.unit()));
            }
        }
        return units;
    }
}
