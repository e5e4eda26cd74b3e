package io.ratekit.collector.source.vsphere;

import java.time.Instant;
import java.util.List;

/**
 * What Ratekit needs from a vCenter, independent of the SDK behind it: the VM inventory in bulk
 * and the VM lifecycle events after a point. One instance is one logged-in session.
 */
public interface VsphereClient extends AutoCloseable {

    /** Every VM with its billable configuration, fetched in bulk (a few calls whatever the count). */
    List<VmInventory> inventory();

    /** VM lifecycle events with a key above {@code afterKey}, oldest first. */
    List<VmChange> vmChangesAfter(int afterKey);

    /**
     * Performance samples of {@code morefs} in {@code (from, to]} for the counters named
     * {@code group.name.rollup} (e.g. {@code cpu.usagemhz.average}), every {@code intervalSeconds}
     * (20: real-time, 300: historical), queried in batches of VMs.
     */
    List<Sample> utilisation(List<String> morefs, List<String> counters, Instant from, Instant to, int intervalSeconds);

    /** The vCenter's instance UUID, part of every event id Ratekit derives from its events. */
    String instanceId();

    /** SOAP calls made by this session so far. */
    long soapCalls();

    /** Properties, types and values the SDK did not know and that were skipped. */
    long unknownSkipped();

    @Override
    void close();

    /**
     * A VM as the inventory reports it. Sizes in bytes and MB as vSphere gives them; tags: category
     * -> tag names; committed bytes per datastore name.
     */
    record VmInventory(String moref, String name, int numCpu, int memoryMB, String powerState, String guestOs,
                       String folderPath, String resourcePool, long committedBytes, long uncommittedBytes,
                       java.util.Map<String, String> customAttributes, java.util.Map<String, String> tags,
                       java.util.Map<String, Long> committedPerDatastore) {
    }

    /** One performance sample: the counter's value for the interval ending at {@code at}. */
    record Sample(String moref, String counter, Instant at, long value) {
    }

    /** A lifecycle event of one VM. {@code numCpu}/{@code memoryMB} are set for reconfigurations that change them. */
    record VmChange(int key, Instant occurredAt, String moref, String vmName, Kind kind, Integer numCpu, Integer memoryMB) {
        public enum Kind { CREATED, POWERED_ON, POWERED_OFF, SUSPENDED, RECONFIGURED, REMOVED }
    }
}
