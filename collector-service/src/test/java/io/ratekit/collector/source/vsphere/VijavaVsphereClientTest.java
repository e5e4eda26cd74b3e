package io.ratekit.collector.source.vsphere;

import io.ratekit.collector.source.vsphere.VsphereClient.VmInventory;
import io.ratekit.testing.VcenterSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ratekit's vSphere client against govmomi's vCenter simulator (the real vim25 SOAP API). */
class VijavaVsphereClientTest {

    private static VcenterSimulator simulator;

    @BeforeAll
    static void start() throws Exception {
        simulator = new VcenterSimulator("-vm", "3", "-pool", "1", "-tenants", "2", "-tag-tenants");
    }

    @AfterAll
    static void stop() throws Exception {
        simulator.close();
    }

    private static VijavaVsphereClient connect() {
        return VijavaVsphereClient.connect(simulator.url(), "user", "pass", true, Duration.ofSeconds(10), 500);
    }

    @Test
    void theInventoryMatchesWhatTheSimulatorCreatedInAFewCalls() {
        try (VijavaVsphereClient client = connect()) {
            long before = client.soapCalls();
            Map<String, VmInventory> read = client.inventory().stream().collect(Collectors.toMap(VmInventory::moref, Function.identity()));
            long calls = client.soapCalls() - before;

            assertThat(read).hasSize(simulator.created().size());
            for (VcenterSimulator.SimulatedVm vm : simulator.created()) {
                VmInventory mine = read.get(vm.moref());
                assertThat(mine).as(vm.name()).isNotNull();
                assertThat(mine.name()).isEqualTo(vm.name());
                assertThat(mine.numCpu()).isEqualTo(vm.numCpu());
                assertThat(mine.memoryMB()).isEqualTo(vm.memoryMB());
                assertThat(mine.powerState()).isEqualTo(vm.powerState());
                assertThat(mine.folderPath()).isNotBlank();
                assertThat(mine.resourcePool()).isNotBlank();
                assertThat(mine.committedPerDatastore()).as("storage per datastore").isNotEmpty();
                assertThat(mine.committedPerDatastore().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(mine.committedBytes());
            }
            assertThat(read.values().stream().mapToInt(VmInventory::numCpu).sum())
                    .isEqualTo(simulator.created().stream().mapToInt(VcenterSimulator.SimulatedVm::numCpu).sum());
            // custom fields, view, one page, destroy view: not one call per VM
            assertThat(calls).isLessThanOrEqualTo(6);
            // the simulator speaks a newer vim25 than the SDK knows: skipped, not fatal
            assertThat(client.unknownSkipped()).isPositive();
        }
    }

    @Test
    void tagsComeFromTheVapiEndpointInAFewCalls() {
        try (VijavaVsphereClient client = VijavaVsphereClient.connect(simulator.url(), "user", "pass", true, Duration.ofSeconds(10), 500, true)) {
            Map<String, VmInventory> read = client.inventory().stream().collect(Collectors.toMap(VmInventory::moref, Function.identity()));
            for (VcenterSimulator.SimulatedVm vm : simulator.created()) {
                if (vm.tenant() == null) {
                    assertThat(read.get(vm.moref()).tags()).as(vm.name()).isEmpty();
                } else {
                    assertThat(read.get(vm.moref()).tags()).as(vm.name()).isEqualTo(Map.of("tenant", vm.tenant()));
                }
            }
            // session, attached tags of all VMs, each of the 2 tags, their category, logout: not one call per VM
            assertThat(client.restCalls()).isLessThanOrEqualTo(6);
        }
    }

    @Test
    void aWrongAddressIsAClearError() {
        assertThatThrownBy(() -> VijavaVsphereClient.connect("http://127.0.0.1:1/sdk", "user", "pass", true, Duration.ofSeconds(2), 500))
                .isInstanceOf(VsphereException.class).hasMessageContaining("cannot log in to http://127.0.0.1:1/sdk");
    }
}
