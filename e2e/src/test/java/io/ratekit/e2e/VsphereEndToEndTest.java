package io.ratekit.e2e;

import io.ratekit.testing.VcenterSimulator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * vCenter to summary: the packaged collector polls govmomi's simulator, VMs map to scopes by their
 * tag in category "tenant" (a third of them have none: default scope), frames go through the
 * processor into storage, typed and converted by the example metrics.yml. Periods are 10 s so
 * that whole periods pass during the test.
 */
class VsphereEndToEndTest {

    private static final Duration PERIOD = Duration.ofSeconds(10);

    @Test
    void vmsOfTheSimulatorAreBilledPerTenantInStorage() throws Exception {
        Path root = Path.of(System.getProperty("ratekit.root", "..")).toAbsolutePath().normalize();
        // 6 VMs: tenant-0, tenant-1, none, tenant-0, tenant-1, none
        try (VcenterSimulator simulator = new VcenterSimulator("-vm", "3", "-tenants", "2", "-tag-tenants");
             RatekitCluster cluster = new RatekitCluster(root, "ratekit-e2e-vsphere", env(
                     "COLLECTOR_PERIOD", "PT10S", "COLLECTOR_WAIT_PERIODS", "0", "COLLECTOR_TICK", "1s",
                     "VSPHERE_ENABLED", "true", "VSPHERE_URL", simulator.url(), "VSPHERE_USER", "ratekit", "VSPHERE_PASSWORD", "x",
                     "VSPHERE_POLL_EVERY", "2s", "VSPHERE_TENANT_FROM", "tag:tenant",
                     "RATEKIT_COLLECTOR_VSPHERE_UTILISATION_INTERVAL", "20",
                     "RATEKIT_COLLECTOR_METRICS_FILE", root.resolve("docs/examples/metrics-vsphere.yml").toString()))) {
            cluster.start();
            Observations observe = new Observations(cluster);
            String tenant = "tenant-0";
            List<VcenterSimulator.SimulatedVm> inPool = simulator.created().stream().filter(vm -> tenant.equals(vm.tenant())).toList();
            assertThat(inPool).hasSize(2);

            // a whole period (any after the first, in which the VMs were first seen) that holds utilisation too:
            // vCenter samples every 20 s and periods are 10 s long, so about every other period has a sample,
            // and which ones depends on the clock's phase: wait for one, never assume the second has it
            String utilised = "SELECT coalesce(extract(epoch FROM min(p.period_begin))::bigint, 0) FROM storage.rated_point p"
                    + " WHERE p.scope_id = '" + tenant + "' AND p.type = 'cpu_ghz_avg' AND p.period_begin >"
                    + " (SELECT min(period_begin) FROM storage.stored_frame WHERE scope_id = '" + tenant + "')";
            Observations.await(Duration.ofSeconds(120), () -> observe.longQuery(utilised) > 0,
                    () -> "periods stored for " + tenant + ": " + observe.longQuery(
                            "SELECT count(DISTINCT period_begin) FROM storage.stored_frame WHERE scope_id = '" + tenant + "'"));
            Instant begin = Instant.ofEpochSecond(observe.longQuery(utilised));
            Instant end = begin.plus(PERIOD);

            Map<String, BigDecimal> byType = summary(cluster, tenant, begin, end);
            // each VM existed and ran the whole period: 1 VM-period each, numCpu vCPU-periods each;
            // types and units as docs/examples/metrics-vsphere.yml says (vm -> instance, MHz -> GHz)
            assertThat(byType.get("instance")).isEqualByComparingTo(BigDecimal.valueOf(inPool.size()));
            assertThat(byType).containsKey("cpu_ghz_avg").doesNotContainKeys("vm", "cpu_mhz_avg");
            assertThat(byType.get("vcpu")).isEqualByComparingTo(BigDecimal.valueOf(inPool.stream().mapToInt(VcenterSimulator.SimulatedVm::numCpu).sum()));
            assertThat(byType.get("ram_gb")).isEqualByComparingTo(BigDecimal.valueOf(inPool.stream().mapToInt(VcenterSimulator.SimulatedVm::memoryMB).sum())
                    .divide(BigDecimal.valueOf(1024)));
            // the VMs without a tenant are billed too, in the default scope
            Observations.await(Duration.ofSeconds(30), () -> observe.longQuery(
                    "SELECT count(*) FROM storage.stored_frame WHERE scope_id = 'vsphere-unassigned' AND period_begin = to_timestamp(" + begin.getEpochSecond() + ")") > 0,
                    () -> "no frame of vsphere-unassigned for " + begin);
            assertThat(summary(cluster, "vsphere-unassigned", begin, end).get("instance")).isEqualByComparingTo(BigDecimal.valueOf(simulator.created().stream().filter(vm -> vm.tenant() == null).count()));
        }
    }

    // more settings than Map.of takes
    private static Map<String, String> env(String... keysAndValues) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }

    private static Map<String, BigDecimal> summary(RatekitCluster cluster, String scope, Instant begin, Instant end) {
        List<Map<String, Object>> rows = given().baseUri(cluster.storage.url()).queryParam("begin", begin.toString()).queryParam("end", end.toString())
                .queryParam("groupby", "type").queryParam("filters", "project_id:" + scope).queryParam("response_format", "object")
                .get("/v2/summary").then().statusCode(200).extract().jsonPath().getList("results");
        Map<String, BigDecimal> byType = new java.util.HashMap<>();
        rows.forEach(r -> byType.put((String) r.get("type"), new BigDecimal(r.get("qty").toString())));
        return byType;
    }
}
