package io.ratekit.collector.source.vsphere;

import java.util.Map;

/**
 * What Ratekit last recorded for a VM: its scope, its configured size (kept while it is powered
 * off, when the billed vCPU and RAM are 0) and the attributes of its last lifecycle event.
 */
public record KnownVm(String moref, String scopeId, int numCpu, int memoryMB, Map<String, String> attributes, boolean removed) {

    public KnownVm {
        attributes = Map.copyOf(attributes);
    }

    public String powerState() {
        return attributes.getOrDefault(VmAttributes.POWER_STATE, "unknown");
    }
}
