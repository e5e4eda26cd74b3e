package io.ratekit.collector.usage;

import io.ratekit.frames.DataPoint;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CloudKitty's metrics.yml: conversion, renaming, attribute selection, and every refusal naming its path. */
class MetricDefinitionsTest {

    private static DataPoint point(String qty) {
        return DataPoint.unrated("x", new BigDecimal(qty), Map.of("id", "vm-1", "project_id", "acme"),
                Map.of("guest_os", "Windows", "name", "web-1", "folder", "vm/acme"));
    }

    @Test
    void convertsRenamesAndSelectsAttributesExactly() {
        MetricDefinitions defs = MetricDefinitions.parse("""
                metrics:
                  ram_mb:
                    unit: GB
                    alt_name: ram
                    factor: 1/1024
                    groupby: [name]
                    metadata: [guest_os, missing]
                  vm:
                    unit: instance
                    mutate: NUMBOOL
                """);
        Map<String, List<DataPoint>> out = defs.apply(Map.of("ram_mb", List.of(point("3072")), "vm", List.of(point("0.25")),
                "gpu", List.of(point("1"))), "project_id");

        assertThat(out).containsOnlyKeys("ram", "vm"); // gpu is not listed: not sent
        DataPoint ram = out.get("ram").get(0);
        assertThat(ram.qty()).isEqualByComparingTo("3");
        assertThat(ram.unit()).isEqualTo("GB");
        assertThat(ram.groupby()).isEqualTo(Map.of("id", "vm-1", "project_id", "acme", "name", "web-1"));
        assertThat(ram.metadata()).isEqualTo(Map.of("guest_os", "Windows", "missing", ""));
        assertThat(out.get("vm").get(0).qty()).isEqualByComparingTo("1");
    }

    @Test
    void mutatesAsCloudKitty() {
        assertThat(qty("FLOOR", "", "2.7")).isEqualByComparingTo("2");
        assertThat(qty("CEIL", "", "2.1")).isEqualByComparingTo("3");
        assertThat(qty("NOTNUMBOOL", "", "0")).isEqualByComparingTo("1");
        assertThat(qty("NOTNUMBOOL", "", "5")).isEqualByComparingTo("0");
        assertThat(qty("MAP", "    mutate_map: {1: 10, 2.5: 20}\n", "2.50")).isEqualByComparingTo("20");
        assertThat(qty("MAP", "    mutate_map: {1: 10}\n", "3")).isEqualByComparingTo("0");
        // factor and offset before mutate, exact: 1/3 of 3 is 1, not 0.999999999
        MetricDefinitions defs = MetricDefinitions.parse("metrics:\n  m:\n    unit: u\n    factor: 1/3\n    offset: 0.5\n");
        assertThat(defs.apply(Map.of("m", List.of(point("3"))), "project_id").get("m").get(0).qty()).isEqualByComparingTo("1.5");
    }

    private static BigDecimal qty(String mutate, String extra, String raw) {
        MetricDefinitions defs = MetricDefinitions.parse("metrics:\n  m:\n    unit: u\n    mutate: " + mutate + "\n" + extra);
        return defs.apply(Map.of("m", List.of(point(raw))), "project_id").get("m").get(0).qty();
    }

    @Test
    void refusesBadDefinitionsNamingThePath() {
        assertRefused("nothing: here", "metrics: required");
        assertRefused("metrics:\n  vm:\n    alt_name: x\n", "metrics.vm.unit: required");
        assertRefused("metrics:\n  vm:\n    unit: u\n    mutate: ROUND\n", "metrics.vm.mutate: must be one of");
        assertRefused("metrics:\n  vm:\n    unit: u\n    mutate: MAP\n", "metrics.vm.mutate_map: required when mutate is MAP");
        assertRefused("metrics:\n  vm:\n    unit: u\n    mutate_map: {1: 2}\n", "metrics.vm.mutate_map: only allowed when mutate is MAP");
        assertRefused("metrics:\n  vm:\n    unit: u\n    factor: 1/0\n", "metrics.vm.factor: division by zero");
        assertRefused("metrics:\n  vm:\n    unit: u\n    factor: lots\n", "metrics.vm.factor: 'lots' is not a number");
        assertRefused("metrics:\n  vm:\n    unit: u\n    groupby: [a]\n    metadata: [a]\n", "'a' is in both groupby and metadata");
        assertRefused("metrics:\n  vm:\n    unit: u\n    colour: red\n", "metrics.vm.colour: unknown key");
        assertRefused("metrics:\n  a:\n    unit: u\n    alt_name: c\n  b:\n    unit: u\n    alt_name: c\n", "metrics.b.alt_name: 'c' is already the type of metric a");
    }

    private static void assertRefused(String yaml, String message) {
        assertThatThrownBy(() -> MetricDefinitions.parse(yaml)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void theVsphereExampleIsValid() {
        Path example = Path.of(System.getProperty("ratekit.root", "..")).resolve("docs/examples/metrics-vsphere.yml");
        assertThat(MetricDefinitions.load(example).definitions()).containsKeys("vm", "vcpu", "ram_gb", "disk_gb", "cpu_mhz_avg");
    }
}
