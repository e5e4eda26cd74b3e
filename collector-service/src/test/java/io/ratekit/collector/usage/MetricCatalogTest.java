package io.ratekit.collector.usage;

import io.ratekit.frames.FrameCodec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What /v1/info answers: a metrics file as CloudKitty shows it, or the built-in metrics in the same shape. */
class MetricCatalogTest {

    @Test
    void aMetricsFileIsShownAsLoadedAndItsMetricsByAltNameInFileOrder() {
        MetricCatalog catalog = new MetricCatalog(MetricDefinitions.load(Path.of("../docs/examples/metrics-vsphere.yml")), Map.of("ignored", "x"));

        assertThat(catalog.metrics()).extracting(MetricCatalog.MetricInfo::metricId).containsExactly("instance", "vcpu", "ram_gb",
                "disk_provisioned_gb", "disk_used_gb", "cpu_ghz_avg", "mem_consumed_gb_avg");
        assertThat(catalog.metric("instance")).contains(new MetricCatalog.MetricInfo("instance", "instance-hour",
                List.of("guest_os", "folder", "resource_pool", "power_state")));
        assertThat(catalog.metric("vm")).as("looked up by alt_name, as CloudKitty").isEmpty();
        // CloudKitty's /v1/info/config is yaml.safe_load of the file: keys, lists and texts as written
        String config = FrameCodec.write(catalog.document());
        assertThat(config).startsWith("{\"metrics\":{\"vm\":{\"unit\":\"instance-hour\",\"alt_name\":\"instance\",\"groupby\":[\"name\"],")
                .contains("\"cpu_mhz_avg\":{\"unit\":\"GHz\",\"alt_name\":\"cpu_ghz_avg\",\"factor\":\"1/1000\"}");
        assertThat(catalog.definitions()).isPresent();
    }

    @Test
    void withoutAFileTheBuiltInMetricsAreListedByType() {
        MetricCatalog catalog = new MetricCatalog(null, Map.of("vcpu", "vcpu", "ram_mb", "MB"));

        assertThat(catalog.definitions()).isEmpty();
        assertThat(catalog.metrics()).containsExactly(new MetricCatalog.MetricInfo("ram_mb", "MB", List.of()),
                new MetricCatalog.MetricInfo("vcpu", "vcpu", List.of()));
        assertThat(FrameCodec.write(catalog.document())).isEqualTo("{\"metrics\":{\"ram_mb\":{\"unit\":\"MB\"},\"vcpu\":{\"unit\":\"vcpu\"}}}");
    }
}
