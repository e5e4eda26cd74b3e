package io.ratekit.collector.source.vsphere;

import io.ratekit.collector.source.vsphere.VsphereClient.VmInventory;
import io.ratekit.frames.Decimals;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * The attributes a VM's lifecycle events carry, i.e. what its data points are computed from and
 * carry as metadata. vCPU and RAM are billed only while the VM runs; disk (provisioned) and
 * the VM itself while it exists.
 */
final class VmAttributes {

    static final String VCPUS = "vcpus";
    static final String RAM_GB = "ram_gb";
    static final String DISK_GB = "disk_gb";
    static final String DISK_USED_GB = "disk_used_gb";
    static final String POWER_STATE = "power_state";
    static final String POWERED_ON = "poweredOn";

    private static final BigDecimal MB_PER_GB = BigDecimal.valueOf(1024);
    private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);

    private VmAttributes() {
    }

    static Map<String, String> of(VmInventory vm, String powerState) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("name", vm.name());
        attributes.put("guest_os", vm.guestOs());
        attributes.put("folder", vm.folderPath());
        attributes.put("resource_pool", vm.resourcePool());
        vm.tags().forEach((category, names) -> attributes.put("tag." + category, names));
        // provisioned = committed + uncommitted (thin disks not yet written); used = committed
        attributes.put(DISK_GB, gigabytes(vm.committedBytes() + vm.uncommittedBytes()));
        attributes.put(DISK_USED_GB, gigabytes(vm.committedBytes()));
        attributes.put("datastores", String.join(",", vm.committedPerDatastore().keySet()));
        return sized(attributes, vm.numCpu(), vm.memoryMB(), powerState);
    }

    private static String gigabytes(long bytes) {
        return Decimals.format(BigDecimal.valueOf(bytes).divide(BYTES_PER_GB));
    }

    /** {@code attributes} with the power state and the billed vCPU/RAM it implies. */
    static Map<String, String> sized(Map<String, String> attributes, int numCpu, int memoryMB, String powerState) {
        Map<String, String> sized = new HashMap<>(attributes);
        boolean running = POWERED_ON.equals(powerState);
        sized.put(POWER_STATE, powerState);
        sized.put(VCPUS, running ? Integer.toString(numCpu) : "0");
        sized.put(RAM_GB, running ? Decimals.format(BigDecimal.valueOf(memoryMB).divide(MB_PER_GB)) : "0");
        return sized;
    }
}
