package io.ratekit.collector.source.vsphere;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The vSphere source: which vCenter, how often, and how VMs map to Ratekit scopes (tenants). */
@ConfigMapping(prefix = "ratekit.collector.vsphere")
public interface VsphereCollectorConfig {

    /** Off unless a vCenter is configured. */
    @WithDefault("false")
    boolean enabled();

    /** The SDK endpoint, e.g. {@code https://vcenter.example.com/sdk}. */
    Optional<String> url();

    Optional<String> user();

    Optional<String> password();

    /** Accept any TLS certificate (labs and simulators only). */
    @WithDefault("false")
    boolean ignoreCertificate();

    /** How often the inventory and the events are read ({@code off} to only poll on demand). */
    @WithDefault("5m")
    String pollEvery();

    /** Connect and read timeout of every SOAP call. */
    @WithDefault("PT30S")
    Duration timeout();

    /** Objects per {@code RetrievePropertiesEx} page. */
    @WithDefault("500")
    int pageSize();

    /**
     * Where a VM's scope comes from: {@code folder} (the first folder below the datacenter's VM
     * folder), {@code resource-pool} (the pool's name), {@code custom-attribute:<name>} or
     * {@code tag:<category>} (the VM's tag in that category).
     */
    @WithDefault("folder")
    String tenantFrom();

    /** Read VM tags from the vCenter's vAPI REST endpoint (always on when {@link #tenantFrom()} is {@code tag:<category>}). */
    @WithDefault("false")
    boolean readTags();

    /** The scope of VMs the rule does not map: billed and reported there, never dropped. */
    @WithDefault("vsphere-unassigned")
    String defaultScope();

    /**
     * Utilisation samples from the PerformanceManager: 20 (real-time, the last hour only), 300
     * (historical, 5-minute rollups) or 0 (off). Each period gets the mean per VM.
     */
    @WithDefault("300")
    int utilisationInterval();

    /** First wait after a failed poll; doubled after each further failure up to {@link #maxBackoff()}. */
    @WithDefault("PT10S")
    Duration backoff();

    @WithDefault("PT10M")
    Duration maxBackoff();
}
