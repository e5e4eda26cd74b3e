package io.ratekit.collector.source.vsphere;

import io.ratekit.collector.event.LifecycleEvent;
import io.ratekit.collector.event.LifecycleEvent.Action;
import io.ratekit.collector.source.vsphere.VsphereClient.VmChange;
import io.ratekit.collector.source.vsphere.VsphereClient.VmChange.Kind;
import io.ratekit.collector.source.vsphere.VsphereClient.VmInventory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How vCenter events and inventory become lifecycle events, case by case, without a vCenter. */
class VsphereLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final TenantMapping BY_ATTRIBUTE = TenantMapping.parse("custom-attribute:tenant", "unassigned");

    private final Map<String, KnownVm> known = new HashMap<>();

    private static VmInventory vm(String moref, int cpus, String power, String tenant) {
        return new VmInventory(moref, "name-" + moref, cpus, 2048, power, "Ubuntu", "vm/x", "Resources", 1L << 30, 1L << 30,
                tenant == null ? Map.of() : Map.of("tenant", tenant), Map.of(), Map.of("LocalDS_0", 1L << 30));
    }

    private List<LifecycleEvent> translate(List<VmChange> changes, List<VmInventory> inventory, Instant now) {
        return new VsphereLifecycle("vc", BY_ATTRIBUTE, known).translate(changes, inventory, now).events();
    }

    @Test
    void aVmCreatedThenPoweredOnWasOffInBetween() {
        List<LifecycleEvent> events = translate(List.of(
                new VmChange(1, T0, "vm-1", "a", Kind.CREATED, null, null),
                new VmChange(2, T0.plusSeconds(30), "vm-1", "a", Kind.POWERED_ON, null, null)),
                List.of(vm("vm-1", 4, "poweredOn", "acme")), T0.plusSeconds(60));

        assertThat(events).extracting(LifecycleEvent::action).containsExactly(Action.CREATE, Action.UPDATE);
        assertThat(events.get(0).attributes()).containsEntry("vcpus", "0").containsEntry("power_state", "poweredOff")
                .containsEntry("disk_gb", "2").containsEntry("disk_used_gb", "1").containsEntry("datastores", "LocalDS_0")
                .containsEntry("ram_gb", "0");
        assertThat(events.get(1).occurredAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(events.get(1).attributes()).containsEntry("vcpus", "4").containsEntry("ram_gb", "2");
        assertThat(events).allMatch(e -> e.scopeId().equals("acme"));
        // the inventory agrees with what the events left: nothing more at the poll's time
        assertThat(events).hasSize(2);
    }

    @Test
    void aResizeSeenOnlyInTheInventoryIsAnUpdateAtThePoll() {
        translate(List.of(), List.of(vm("vm-2", 2, "poweredOn", "acme")), T0);
        List<LifecycleEvent> events = translate(List.of(), List.of(vm("vm-2", 8, "poweredOn", "acme")), T0.plusSeconds(300));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(Action.UPDATE);
            assertThat(e.occurredAt()).isEqualTo(T0.plusSeconds(300));
            assertThat(e.attributes()).containsEntry("vcpus", "8");
        });
    }

    @Test
    void aReconfigurationEventResizesAtItsTimeAndAPoweredOffVmBillsNoCpu() {
        translate(List.of(), List.of(vm("vm-3", 2, "poweredOff", "acme")), T0);
        List<LifecycleEvent> events = translate(List.of(new VmChange(7, T0.plusSeconds(10), "vm-3", "c", Kind.RECONFIGURED, 6, null)),
                List.of(vm("vm-3", 6, "poweredOff", "acme")), T0.plusSeconds(60));

        // powered off: the size is remembered but vCPU stays 0 until it runs
        assertThat(events).isEmpty();
        assertThat(known.get("vm-3").numCpu()).isEqualTo(6);
        List<LifecycleEvent> on = translate(List.of(new VmChange(8, T0.plusSeconds(90), "vm-3", "c", Kind.POWERED_ON, null, null)),
                List.of(vm("vm-3", 6, "poweredOn", "acme")), T0.plusSeconds(120));
        assertThat(on).singleElement().satisfies(e -> assertThat(e.attributes()).containsEntry("vcpus", "6"));
    }

    @Test
    void aVmMovedToAnotherTenantEndsInOneScopeAndStartsInTheOther() {
        translate(List.of(), List.of(vm("vm-4", 1, "poweredOn", "acme")), T0);
        List<LifecycleEvent> events = translate(List.of(), List.of(vm("vm-4", 1, "poweredOn", "globex")), T0.plusSeconds(60));

        assertThat(events).extracting(LifecycleEvent::action, LifecycleEvent::scopeId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Action.DELETE, "acme"), org.assertj.core.groups.Tuple.tuple(Action.CREATE, "globex"));
    }

    @Test
    void aVmGoneWithoutARemovalEventIsDeletedAtThePollAndAnUnmappedOneIsBilledInTheDefaultScope() {
        translate(List.of(), List.of(vm("vm-5", 1, "poweredOn", "acme"), vm("vm-6", 1, "poweredOn", null)), T0);
        assertThat(known.get("vm-6").scopeId()).isEqualTo("unassigned");

        VsphereLifecycle.Result result = new VsphereLifecycle("vc", BY_ATTRIBUTE, known)
                .translate(List.of(), List.of(vm("vm-6", 1, "poweredOn", null)), T0.plusSeconds(60));
        assertThat(result.unmapped()).isEqualTo(1);
        assertThat(result.events()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(Action.DELETE);
            assertThat(e.resourceId()).isEqualTo("vm-5");
        });
    }

    @Test
    void repeatingAPollGivesTheSameEventIds() {
        List<VmChange> changes = List.of(new VmChange(1, T0, "vm-7", "g", Kind.CREATED, null, null));
        List<VmInventory> inventory = List.of(vm("vm-7", 1, "poweredOn", "acme"));
        List<LifecycleEvent> first = translate(changes, inventory, T0.plusSeconds(5));
        known.clear(); // as if the poll's state was never saved
        List<LifecycleEvent> again = translate(changes, inventory, T0.plusSeconds(5));
        assertThat(again).extracting(LifecycleEvent::eventId).isEqualTo(first.stream().map(LifecycleEvent::eventId).toList());
    }

    @Test
    void aBadTenantRuleIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> TenantMapping.parse("tags", "x")).hasMessageContaining("ratekit.collector.vsphere.tenant-from")
                .hasMessageContaining("'tags'");
        assertThatThrownBy(() -> TenantMapping.parse("folder", "no spaces")).hasMessageContaining("default-scope");
        assertThat(TenantMapping.parse("folder", "d").scopeOf(new VmInventory("vm-9", "n", 1, 1, "poweredOn", "", "vm/tenant-a/web",
                "", 0, 0, Map.of(), Map.of(), Map.of()))).isEqualTo("tenant-a");
        assertThat(TenantMapping.parse("tag:cost-center", "d").scopeOf(new VmInventory("vm-9", "n", 1, 1, "poweredOn", "", "vm",
                "", 0, 0, Map.of(), Map.of("cost-center", "cc-42"), Map.of()))).isEqualTo("cc-42");
    }
}
