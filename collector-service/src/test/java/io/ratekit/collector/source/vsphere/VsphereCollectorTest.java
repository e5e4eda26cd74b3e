package io.ratekit.collector.source.vsphere;

import io.quarkus.test.security.TestSecurity;
import com.vmware.vim25.CustomFieldDef;
import com.vmware.vim25.mo.CustomFieldsManager;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.Task;
import com.vmware.vim25.mo.VirtualMachine;
import com.vmware.vim25.mo.util.MorUtil;
import com.vmware.vim25.ws.ClientCreator;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.collector.CollectorConfig;
import io.ratekit.collector.schedule.PeriodCollector;
import io.ratekit.collector.source.vsphere.VsphereClient.VmChange;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Decimals;
import io.ratekit.frames.Period;
import io.ratekit.testing.LocalServices;
import io.ratekit.testing.LocalServicesResource;
import io.ratekit.testing.VcenterSimulator;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.net.URL;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The vSphere source against govmomi's simulator: VMs mapped to tenants by a custom attribute,
 * one powered off and one destroyed through the vSphere API mid-period; the usage Ratekit computes
 * for the period is checked against the hand-computed VM-hours and vCPU-hours.
 */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(value = LocalServicesResource.class, initArgs = @ResourceArg(name = "vhost", value = "ratekit-test-collector"),
        restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VcenterSimulatorResource.class, restrictToAnnotatedClass = true)
class VsphereCollectorTest {

    @Inject
    VsphereCollector collector;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    CollectorConfig config;
    @Inject
    PeriodCollector periods;

    @Test
    @Order(1)
    void powerOffAndDestroyMidPeriodGiveExactHours() throws Exception {
        VcenterSimulator sim = VcenterSimulatorResource.simulator;
        List<VcenterSimulator.SimulatedVm> vms = sim.created();
        VcenterSimulator.SimulatedVm stopped = vms.get(0);
        VcenterSimulator.SimulatedVm destroyed = vms.get(1);
        VcenterSimulator.SimulatedVm running = vms.get(2);
        VcenterSimulator.SimulatedVm unmapped = vms.get(3);

        ServiceInstance admin = connect(sim);
        CustomFieldsManager fields = admin.getCustomFieldsManager();
        CustomFieldDef tenant = fields.addCustomFieldDef("tenant", "VirtualMachine", null, null);
        for (VcenterSimulator.SimulatedVm vm : List.of(stopped, destroyed, running)) {
            fields.setField(vm(admin, vm), tenant.getKey(), "acme");
        }

        VsphereCollector.Poll first = collector.poll(Instant.now());
        Instant seen = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertThat(first.vms()).isEqualTo(vms.size());
        assertThat(first.unmapped()).isEqualTo(1);
        assertThat(first.soapCalls()).isLessThan(20);
        assertThat(first.samples()).isPositive();

        // the power-off must fall in a later second than the first sighting: wait for the clock to get there
        while (!Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(seen)) {
            Thread.onSpinWait();
        }
        waitFor(vm(admin, stopped).powerOffVM_Task());
        waitFor(vm(admin, destroyed).powerOffVM_Task());
        waitFor(vm(admin, destroyed).destroy_Task());
        VsphereCollector.Poll second = collector.poll(Instant.now());
        assertThat(second.vms()).isEqualTo(vms.size() - 1);

        // the simulator's own account of when things happened
        List<VmChange> log;
        try (VijavaVsphereClient reader = VijavaVsphereClient.connect(sim.url(), "u", "p", true, Duration.ofSeconds(10), 500)) {
            log = reader.vmChangesAfter(0);
        }
        Instant createdStopped = createdAt(log, stopped.moref()).orElse(seenAt(stopped.moref()));
        Instant createdDestroyed = createdAt(log, destroyed.moref()).orElse(seenAt(destroyed.moref()));
        Instant poweredOff = at(log, stopped.moref(), VmChange.Kind.POWERED_OFF);
        Instant destroyedOff = at(log, destroyed.moref(), VmChange.Kind.POWERED_OFF);
        Instant removed = at(log, destroyed.moref(), VmChange.Kind.REMOVED);
        assertThat(poweredOff).isAfter(createdStopped);

        Period period = Period.containing(poweredOff, config.period());
        Map<String, List<DataPoint>> usage = usage("acme", period);
        BigDecimal one = BigDecimal.ONE;
        BigDecimal cpus = BigDecimal.valueOf(stopped.numCpu());
        BigDecimal ramGb = new BigDecimal(stopped.memoryMB()).divide(BigDecimal.valueOf(1024)); // 32 MB = 0.03125 GB, exact

        // each span of constant state is one data point: running, then stopped
        // the stopped VM: exists the whole rest of the period, runs until the power-off
        assertThat(qty(usage, "vm", stopped.moref())).isEqualByComparingTo(
                share(one, createdStopped, poweredOff, period).add(share(one, poweredOff, period.end(), period)));
        assertThat(qty(usage, "vcpu", stopped.moref())).isEqualByComparingTo(share(cpus, createdStopped, poweredOff, period));
        assertThat(qty(usage, "ram_gb", stopped.moref())).isEqualByComparingTo(share(ramGb, createdStopped, poweredOff, period));
        // the destroyed VM: exists until it is removed, and is billed for exactly that
        assertThat(qty(usage, "vm", destroyed.moref())).isEqualByComparingTo(
                share(one, createdDestroyed, destroyedOff, period).add(share(one, destroyedOff, removed, period)));
        assertThat(qty(usage, "vcpu", destroyed.moref())).isEqualByComparingTo(share(BigDecimal.valueOf(destroyed.numCpu()),
                createdDestroyed, destroyedOff, period));
        // the running VM: the rest of the period; the unmapped VM is billed in the default scope
        assertThat(qty(usage, "vm", running.moref())).isPositive();
        assertThat(qty(usage("vsphere-unassigned", period), "vm", unmapped.moref())).isPositive();

        // utilisation: the period's point is the exact mean of the VM's samples ending in it
        BigDecimal[] cpu = sampleSumAndCount(running.moref(), "cpu_mhz_avg", period);
        assertThat(cpu[1]).isPositive();
        assertThat(qty(usage, "cpu_mhz_avg", running.moref())).isEqualByComparingTo(cpu[0].divide(cpu[1], Decimals.CONTEXT));

        // a poll that sees nothing new changes nothing
        assertThat(collector.poll(Instant.now()).lifecycleEvents()).isZero();
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'vsphere' }.status", equalTo("UP"));
    }

    @Test
    @Order(2)
    void anUnreachableVcenterIsReportedAndNothingIsStored() throws Exception {
        long events = count("SELECT count(*) FROM collector.resource_event");
        VcenterSimulatorResource.simulator.close(); // the vCenter goes away (the session too)

        assertThat(collector.pollSafely()).isFalse();
        assertThat(collector.lastError()).contains("127.0.0.1");
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'vsphere' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'vsphere' }.data.error", org.hamcrest.Matchers.containsString("127.0.0.1"));
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString("ratekit_vsphere_poll_failures_total 1.0"));
        assertThat(count("SELECT count(*) FROM collector.resource_event")).isEqualTo(events);
    }

    private BigDecimal[] sampleSumAndCount(String moref, String type, Period period) throws Exception {
        try (Connection c = LocalServices.connect(LocalServicesResource.DATABASE) /* as the owner: sees every scope */; var st = c.prepareStatement("SELECT coalesce(sum(value), 0), count(*)"
                + " FROM collector.resource_sample WHERE resource_id = ? AND type = ? AND sampled_at > ? AND sampled_at <= ?")) {
            st.setString(1, moref);
            st.setString(2, type);
            st.setTimestamp(3, java.sql.Timestamp.from(period.begin()));
            st.setTimestamp(4, java.sql.Timestamp.from(period.end()));
            try (var rs = st.executeQuery()) {
                rs.next();
                return new BigDecimal[]{rs.getBigDecimal(1), BigDecimal.valueOf(rs.getLong(2))};
            }
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = LocalServices.connect(LocalServicesResource.DATABASE) /* as the owner: sees every scope */; var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static ServiceInstance connect(VcenterSimulator sim) throws Exception {
        synchronized (ClientCreator.class) {
            ClientCreator.clientClass = CountingSoapClient.class;
            return new ServiceInstance(new URL(sim.url()), "admin", "pass", true);
        }
    }

    private static VirtualMachine vm(ServiceInstance si, VcenterSimulator.SimulatedVm vm) {
        com.vmware.vim25.ManagedObjectReference mor = new com.vmware.vim25.ManagedObjectReference();
        mor.setType("VirtualMachine");
        mor.setVal(vm.moref());
        return (VirtualMachine) MorUtil.createExactManagedEntity(si.getServerConnection(), mor);
    }

    private static void waitFor(Task task) throws Exception {
        assertThat(task.waitForTask()).isEqualTo(Task.SUCCESS);
    }

    private static Optional<Instant> createdAt(List<VmChange> log, String moref) {
        return log.stream().filter(c -> c.moref().equals(moref) && c.kind() == VmChange.Kind.CREATED)
                .map(c -> c.occurredAt().truncatedTo(ChronoUnit.SECONDS)).findFirst();
    }

    private static Instant at(List<VmChange> log, String moref, VmChange.Kind kind) {
        return log.stream().filter(c -> c.moref().equals(moref) && c.kind() == kind).map(c -> c.occurredAt().truncatedTo(ChronoUnit.SECONDS))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " event for " + moref + " in " + log));
    }

    // when Ratekit first saw a VM the simulator logged no creation event for
    private Instant seenAt(String moref) throws Exception {
        try (Connection c = LocalServices.connect(LocalServicesResource.DATABASE) /* as the owner: sees every scope */; var st = c.prepareStatement(
                "SELECT min(occurred_at) FROM collector.resource_event WHERE resource_id = ? AND action = 'create'")) {
            st.setString(1, moref);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    // amount x seconds of [from, to) inside the period / seconds of the period: one division, 28 digits
    private static BigDecimal share(BigDecimal amount, Instant from, Instant to, Period period) {
        Instant a = from.isBefore(period.begin()) ? period.begin() : from;
        Instant b = to.isAfter(period.end()) ? period.end() : to;
        long seconds = Math.max(0, Duration.between(a, b).getSeconds());
        return amount.multiply(BigDecimal.valueOf(seconds)).divide(BigDecimal.valueOf(period.length().getSeconds()), Decimals.CONTEXT);
    }

    private Map<String, List<DataPoint>> usage(String scope, Period period) throws Exception {
        try (Connection c = LocalServices.connect(LocalServicesResource.DATABASE) /* as the owner: sees every scope */) {
            return periods.usage(c, scope, period);
        }
    }

    private static BigDecimal qty(Map<String, List<DataPoint>> usage, String type, String moref) {
        return usage.getOrDefault(type, List.of()).stream().filter(p -> moref.equals(p.groupby().get("id")))
                .map(DataPoint::qty).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
