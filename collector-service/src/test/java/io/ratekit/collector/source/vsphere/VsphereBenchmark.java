package io.ratekit.collector.source.vsphere;

import io.ratekit.collector.source.vsphere.VsphereClient.VmChange;
import io.ratekit.collector.source.vsphere.VsphereClient.VmInventory;
import io.ratekit.testing.VcenterSimulator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;

/**
 * One full vSphere collection against a simulator of N VMs (2 resource pools x N/2): log in, read
 * the VM events, read the inventory, translate into lifecycle events, read 5 minutes of
 * utilisation (4 counters, historical interval) of the running VMs. Prints wall time and SOAP
 * calls per step, for a first poll (every VM new) and a second one (nothing changed).
 *
 * <pre>bin/vsphere-benchmark [vms]</pre>
 */
public final class VsphereBenchmark {

    public static void main(String[] args) throws Exception {
        int vms = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        System.out.printf("starting the simulator with %d VMs%n", vms);
        long t0 = System.nanoTime();
        try (VcenterSimulator simulator = new VcenterSimulator("-host", "1", "-cluster", "1", "-vm", Integer.toString(vms / 2))) {
            System.out.printf("simulator up in %.1f s, %d VMs created%n", (System.nanoTime() - t0) / 1e9, simulator.created().size());
            TenantMapping mapping = TenantMapping.parse("resource-pool", "vsphere-unassigned");
            var known = new HashMap<String, KnownVm>();
            for (int round = 1; round <= 3; round++) {
                long start = System.nanoTime();
                try (VijavaVsphereClient client = VijavaVsphereClient.connect(simulator.url(), "user", "pass", true, Duration.ofSeconds(60), 1000)) {
                    long login = client.soapCalls();
                    long tLogin = System.nanoTime();
                    List<VmChange> changes = client.vmChangesAfter(0);
                    long eventCalls = client.soapCalls() - login;
                    long tEvents = System.nanoTime();
                    List<VmInventory> inventory = client.inventory();
                    long inventoryCalls = client.soapCalls() - login - eventCalls;
                    long tInventory = System.nanoTime();
                    var result = new VsphereLifecycle("bench", mapping, known).translate(changes, inventory, Instant.now());
                    long tTranslate = System.nanoTime();
                    long beforePerf = client.soapCalls();
                    Instant now = Instant.now();
                    List<String> running = inventory.stream().filter(vm -> vm.powerState().equals("poweredOn")).map(VmInventory::moref).toList();
                    int samples = client.utilisation(running, List.copyOf(UtilisationMetric.VM_COUNTERS.keySet()), now.minusSeconds(300), now, 300).size();
                    long perfCalls = client.soapCalls() - beforePerf;
                    long end = System.nanoTime();
                    System.out.printf("poll %d: %.2f s, %d SOAP calls (login %d: %.2f s; events %d: %d read in %.2f s;"
                                    + " inventory %d: %d VMs in %.2f s; translation: %d lifecycle events in %.3f s;"
                                    + " utilisation %d: %d samples of %d running VMs in %.2f s); %d skipped unknown properties%n",
                            round, (end - start) / 1e9, client.soapCalls(), login, (tLogin - start) / 1e9, eventCalls, changes.size(),
                            (tEvents - tLogin) / 1e9, inventoryCalls, inventory.size(), (tInventory - tEvents) / 1e9,
                            result.events().size(), (tTranslate - tInventory) / 1e9, perfCalls, samples, running.size(),
                            (end - tTranslate) / 1e9, client.unknownSkipped());
                }
            }
        }
    }
}
