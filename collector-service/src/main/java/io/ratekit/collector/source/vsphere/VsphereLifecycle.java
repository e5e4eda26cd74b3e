package io.ratekit.collector.source.vsphere;

import io.ratekit.collector.event.LifecycleEvent;
import io.ratekit.collector.event.LifecycleEvent.Action;
import io.ratekit.collector.source.vsphere.VsphereClient.VmChange;
import io.ratekit.collector.source.vsphere.VsphereClient.VmInventory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns what one poll of a vCenter saw into Ratekit lifecycle events, from which the collector
 * computes exact usage per period. First the vCenter's VM events, at the time they happened
 * (power on/off, reconfiguration, removal): a VM powered off mid-period stops its vCPU-hours at
 * that second. Then the inventory is compared with what Ratekit knows, at the poll's time: VMs
 * first seen, changes no event told of, VMs gone without a removal event. Times are whole seconds.
 * Event ids are derived from the vCenter's event keys and the poll, so a repeated poll is idempotent.
 */
final class VsphereLifecycle {

    static final String RESOURCE_TYPE = "vm";

    record Result(List<LifecycleEvent> events, int unmapped) {
    }

    private final String vcenter;
    private final TenantMapping mapping;
    private final Map<String, KnownVm> known;
    private final List<LifecycleEvent> events = new ArrayList<>();

    /** {@code known} is updated in place to what the returned events leave. */
    VsphereLifecycle(String vcenter, TenantMapping mapping, Map<String, KnownVm> known) {
        this.vcenter = vcenter;
        this.mapping = mapping;
        this.known = known;
    }

    Result translate(List<VmChange> changes, List<VmInventory> inventory, Instant now) {
        Map<String, VmInventory> current = inventory.stream().collect(Collectors.toMap(VmInventory::moref, Function.identity()));
        for (int i = 0; i < changes.size(); i++) {
            apply(changes.get(i), current.get(changes.get(i).moref()), changes.subList(i + 1, changes.size()));
        }
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        int unmapped = 0;
        for (VmInventory vm : inventory) {
            if (mapping.mapped(vm).isEmpty()) {
                unmapped++;
            }
            reconcile(vm, at);
        }
        for (KnownVm vm : List.copyOf(known.values())) {
            if (!vm.removed() && !current.containsKey(vm.moref())) {
                emit(vm, Action.DELETE, at, Map.of(), "gone");
                known.put(vm.moref(), new KnownVm(vm.moref(), vm.scopeId(), vm.numCpu(), vm.memoryMB(), vm.attributes(), true));
            }
        }
        return new Result(List.copyOf(events), unmapped);
    }

    private void apply(VmChange change, VmInventory vm, List<VmChange> later) {
        Instant at = change.occurredAt().truncatedTo(ChronoUnit.SECONDS);
        KnownVm k = known.get(change.moref());
        boolean live = k != null && !k.removed();
        String eventId = "event/" + change.key();
        switch (change.kind()) {
            case CREATED -> {
                // a VM created and removed between two polls left no configuration to bill: skipped
                if (!live && vm != null) {
                    String power = powerAtCreation(vm, change.moref(), later);
                    KnownVm created = new KnownVm(vm.moref(), mapping.scopeOf(vm), vm.numCpu(), vm.memoryMB(), VmAttributes.of(vm, power), false);
                    known.put(vm.moref(), created);
                    emit(created, Action.CREATE, at, created.attributes(), eventId);
                }
            }
            case POWERED_ON, POWERED_OFF, SUSPENDED -> {
                if (live) {
                    String power = switch (change.kind()) {
                        case POWERED_ON -> VmAttributes.POWERED_ON;
                        case POWERED_OFF -> "poweredOff";
                        default -> "suspended";
                    };
                    update(k, k.numCpu(), k.memoryMB(), power, at, eventId);
                }
            }
            case RECONFIGURED -> {
                if (live && (change.numCpu() != null || change.memoryMB() != null)) {
                    update(k, change.numCpu() != null ? change.numCpu() : k.numCpu(),
                            change.memoryMB() != null ? change.memoryMB() : k.memoryMB(), k.powerState(), at, eventId);
                }
            }
            case REMOVED -> {
                if (live) {
                    emit(k, Action.DELETE, at, Map.of(), eventId);
                    known.put(k.moref(), new KnownVm(k.moref(), k.scopeId(), k.numCpu(), k.memoryMB(), k.attributes(), true));
                }
            }
        }
    }

    // the power state right after creation: the opposite of the VM's next power event, else what it is now
    private static String powerAtCreation(VmInventory vm, String moref, List<VmChange> later) {
        for (VmChange next : later) {
            if (next.moref().equals(moref)) {
                switch (next.kind()) {
                    case POWERED_ON:
                        return "poweredOff";
                    case POWERED_OFF:
                    case SUSPENDED:
                        return VmAttributes.POWERED_ON;
                    case REMOVED:
                        return vm.powerState();
                    default:
                        break;
                }
            }
        }
        return vm.powerState();
    }

    private void update(KnownVm k, int numCpu, int memoryMB, String power, Instant at, String eventId) {
        Map<String, String> attributes = VmAttributes.sized(k.attributes(), numCpu, memoryMB, power);
        KnownVm next = new KnownVm(k.moref(), k.scopeId(), numCpu, memoryMB, attributes, false);
        // a VM resized while powered off bills the same (0 vCPU) but must remember its new size
        known.put(k.moref(), next);
        if (!attributes.equals(k.attributes())) {
            emit(next, Action.UPDATE, at, attributes, eventId);
        }
    }

    private void reconcile(VmInventory vm, Instant at) {
        String scope = mapping.scopeOf(vm);
        Map<String, String> attributes = VmAttributes.of(vm, vm.powerState());
        KnownVm k = known.get(vm.moref());
        KnownVm now = new KnownVm(vm.moref(), scope, vm.numCpu(), vm.memoryMB(), attributes, false);
        if (k == null || k.removed()) {
            emit(now, Action.CREATE, at, attributes, "seen");
        } else if (!k.scopeId().equals(scope)) {
            // moved to another tenant: its life in the old scope ends now, in the new one it begins
            emit(k, Action.DELETE, at, Map.of(), "moved-out");
            emit(now, Action.CREATE, at, attributes, "moved-in");
        } else if (!k.attributes().equals(attributes)) {
            emit(now, Action.UPDATE, at, attributes, "changed");
        }
        known.put(vm.moref(), now);
    }

    private void emit(KnownVm vm, Action action, Instant at, Map<String, String> attributes, String cause) {
        String id = cause.startsWith("event/")
                ? "vsphere/" + vcenter + "/" + cause + "/" + vm.moref()
                : "vsphere/" + vcenter + "/" + vm.moref() + "/" + cause + "/" + at.getEpochSecond();
        events.add(new LifecycleEvent(id, vm.scopeId(), vm.moref(), RESOURCE_TYPE, action, at, new HashMap<>(attributes)));
    }
}
