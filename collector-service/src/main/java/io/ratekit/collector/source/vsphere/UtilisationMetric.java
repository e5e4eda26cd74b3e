package io.ratekit.collector.source.vsphere;

import java.util.Map;

/** A vCenter performance counter Ratekit bills as a gauge: its metric type and unit in frames. */
public record UtilisationMetric(String type, String unit) {

    /** vCenter counter ({@code group.name.rollup}) -> metric: the four utilisation figures of a VM. */
    public static final Map<String, UtilisationMetric> VM_COUNTERS = Map.of(
            "cpu.usagemhz.average", new UtilisationMetric("cpu_mhz_avg", "MHz"),
            "mem.consumed.average", new UtilisationMetric("mem_consumed_kb_avg", "KB"),
            "disk.usage.average", new UtilisationMetric("disk_kbps_avg", "KBps"),
            "net.usage.average", new UtilisationMetric("net_kbps_avg", "KBps"));
}
