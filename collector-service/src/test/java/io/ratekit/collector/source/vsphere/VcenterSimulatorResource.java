package io.ratekit.collector.source.vsphere;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.ratekit.testing.VcenterSimulator;

import java.util.Map;

/** Starts a {@link VcenterSimulator} for a {@code @QuarkusTest} and points the vSphere source at it. */
public class VcenterSimulatorResource implements QuarkusTestResourceLifecycleManager {

    static VcenterSimulator simulator;

    @Override
    public Map<String, String> start() {
        try {
            simulator = new VcenterSimulator();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the vCenter simulator", e);
        }
        return Map.of("ratekit.collector.vsphere.enabled", "true",
                "ratekit.collector.vsphere.url", simulator.url(),
                "ratekit.collector.vsphere.user", "ratekit",
                "ratekit.collector.vsphere.password", "secret",
                "ratekit.collector.vsphere.tenant-from", "custom-attribute:tenant",
                "ratekit.collector.vsphere.timeout", "PT10S",
                "ratekit.collector.vsphere.utilisation-interval", "20");
    }

    @Override
    public void stop() {
        try {
            simulator.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
