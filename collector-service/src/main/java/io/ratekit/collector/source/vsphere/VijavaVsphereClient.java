package io.ratekit.collector.source.vsphere;

import com.vmware.vim25.ArrayOfCustomFieldValue;
import com.vmware.vim25.ArrayOfVirtualMachineUsageOnDatastore;
import com.vmware.vim25.CustomFieldDef;
import com.vmware.vim25.CustomFieldStringValue;
import com.vmware.vim25.CustomFieldValue;
import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.Event;
import com.vmware.vim25.EventFilterSpec;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PerfCounterInfo;
import com.vmware.vim25.PerfEntityMetric;
import com.vmware.vim25.PerfEntityMetricBase;
import com.vmware.vim25.PerfMetricId;
import com.vmware.vim25.PerfMetricIntSeries;
import com.vmware.vim25.PerfMetricSeries;
import com.vmware.vim25.PerfQuerySpec;
import com.vmware.vim25.PerfSampleInfo;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.SelectionSpec;
import com.vmware.vim25.TraversalSpec;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.VirtualMachineUsageOnDatastore;
import com.vmware.vim25.VmCreatedEvent;
import com.vmware.vim25.VmEvent;
import com.vmware.vim25.VmPoweredOffEvent;
import com.vmware.vim25.VmPoweredOnEvent;
import com.vmware.vim25.VmReconfiguredEvent;
import com.vmware.vim25.VmRemovedEvent;
import com.vmware.vim25.VmSuspendedEvent;
import com.vmware.vim25.mo.ContainerView;
import com.vmware.vim25.mo.EventHistoryCollector;
import com.vmware.vim25.mo.PerformanceManager;
import com.vmware.vim25.mo.PropertyCollector;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.ws.ClientCreator;

import java.net.URL;
import java.rmi.RemoteException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;

/**
 * {@link VsphereClient} on yavijava (vijava). The inventory is one PropertyCollector retrieval over
 * a ContainerView of VMs, folders and resource pools, paged with {@code RetrievePropertiesEx}:
 * about 8 SOAP calls for 2,000 VMs instead of thousands. Responses are read by the
 * {@link TolerantXmlReader}, so newer vCenters and the govmomi simulator work.
 */
public final class VijavaVsphereClient implements VsphereClient {

    private static final String[] VM_PROPERTIES = {"name", "config.hardware.numCPU", "config.hardware.memoryMB",
            "runtime.powerState", "config.guestFullName", "parent", "resourcePool", "storage.perDatastoreUsage", "customValue"};
    private static final String[] EVENT_TYPES = {"VmCreatedEvent", "VmClonedEvent", "VmDeployedEvent", "VmRegisteredEvent",
            "VmPoweredOnEvent", "VmPoweredOffEvent", "VmSuspendedEvent", "VmReconfiguredEvent", "VmRemovedEvent"};
    private static final int EVENT_PAGE = 1000;
    // VMs per QueryPerf call: 2,000 VMs in 8 calls, each answer a few hundred kB
    private static final int PERF_BATCH = 250;

    private final ServiceInstance service;
    private final CountingSoapClient soap;
    private final int pageSize;
    private final VsphereTags tags;
    private Map<String, Integer> counterIds;

    private VijavaVsphereClient(ServiceInstance service, int pageSize, VsphereTags tags) {
        this.service = service;
        this.tags = tags;
        this.soap = (CountingSoapClient) service.getServerConnection().getVimService().getWsc();
        this.pageSize = pageSize;
    }

    /** Logs in. {@code ignoreCert} accepts any TLS certificate (for labs and simulators only). */
    public static VijavaVsphereClient connect(String url, String user, String password, boolean ignoreCert, Duration timeout, int pageSize) {
        return connect(url, user, password, ignoreCert, timeout, pageSize, false);
    }

    /** As above; {@code readTags} also reads the VMs' tags from the vAPI REST endpoint of the same vCenter. */
    public static VijavaVsphereClient connect(String url, String user, String password, boolean ignoreCert, Duration timeout, int pageSize,
                                              boolean readTags) {
        synchronized (ClientCreator.class) {
            ClientCreator.clientClass = CountingSoapClient.class;
            CountingSoapClient.timeoutMillis = (int) timeout.toMillis();
            try {
                return new VijavaVsphereClient(new ServiceInstance(new URL(url), user, password, ignoreCert), pageSize,
                        readTags ? new VsphereTags(url, user, password, timeout) : null);
            } catch (java.net.MalformedURLException e) {
                throw new VsphereException("not a vCenter URL: " + url, e);
            } catch (RemoteException e) {
                throw new VsphereException("cannot log in to " + url + ": " + describe(e), e);
            }
        }
    }

    @Override
    public String instanceId() {
        String uuid = service.getAboutInfo().getInstanceUuid();
        return uuid == null || uuid.isBlank() ? service.getServerConnection().getUrl().getHost() : uuid;
    }

    @Override
    public long soapCalls() {
        return soap.calls();
    }

    @Override
    public long unknownSkipped() {
        return soap.reader().unknownTotal();
    }

    @Override
    public List<VmInventory> inventory() {
        try {
            Map<Integer, String> fieldNames = new HashMap<>();
            CustomFieldDef[] defs = service.getCustomFieldsManager() == null ? null : service.getCustomFieldsManager().getField();
            if (defs != null) {
                for (CustomFieldDef def : defs) {
                    fieldNames.put(def.getKey(), def.getName());
                }
            }
            ContainerView view = service.getViewManager().createContainerView(service.getRootFolder(),
                    new String[]{"VirtualMachine", "Folder", "ResourcePool", "Datastore"}, true);
            List<VmInventory> inventory;
            try {
                inventory = readInventory(retrieveAll(view), fieldNames);
            } finally {
                view.destroyView();
            }
            return tags == null ? inventory : withTags(inventory);
        } catch (RemoteException e) {
            throw new VsphereException("inventory retrieval failed: " + describe(e), e);
        }
    }

    private List<VmInventory> withTags(List<VmInventory> inventory) {
        Map<String, Map<String, String>> byVm = tags.of(inventory.stream().map(VmInventory::moref).toList());
        return inventory.stream().map(vm -> new VmInventory(vm.moref(), vm.name(), vm.numCpu(), vm.memoryMB(), vm.powerState(), vm.guestOs(),
                vm.folderPath(), vm.resourcePool(), vm.committedBytes(), vm.uncommittedBytes(), vm.customAttributes(),
                byVm.getOrDefault(vm.moref(), Map.of()), vm.committedPerDatastore())).toList();
    }

    /** vAPI REST calls made for tags (not SOAP). */
    public int restCalls() {
        return tags == null ? 0 : tags.calls();
    }

    private List<ObjectContent> retrieveAll(ContainerView view) throws RemoteException {
        TraversalSpec traverse = new TraversalSpec();
        traverse.setName("view");
        traverse.setType("ContainerView");
        traverse.setPath("view");
        traverse.setSkip(false);
        ObjectSpec start = new ObjectSpec();
        start.setObj(view.getMOR());
        start.setSkip(true);
        start.setSelectSet(new SelectionSpec[]{traverse});
        PropertyFilterSpec filter = new PropertyFilterSpec();
        filter.setObjectSet(new ObjectSpec[]{start});
        filter.setPropSet(new PropertySpec[]{properties("VirtualMachine", VM_PROPERTIES),
                properties("Folder", "name", "parent"), properties("ResourcePool", "name"), properties("Datastore", "name")});
        RetrieveOptions options = new RetrieveOptions();
        options.setMaxObjects(pageSize);
        PropertyCollector collector = service.getPropertyCollector();
        List<ObjectContent> all = new ArrayList<>();
        RetrieveResult page = collector.retrievePropertiesEx(new PropertyFilterSpec[]{filter}, options);
        while (page != null) {
            if (page.getObjects() != null) {
                Collections.addAll(all, page.getObjects());
            }
            page = page.getToken() == null ? null : collector.continueRetrievePropertiesEx(page.getToken());
        }
        return all;
    }

    private static PropertySpec properties(String type, String... paths) {
        PropertySpec spec = new PropertySpec();
        spec.setType(type);
        spec.setAll(false);
        spec.setPathSet(paths);
        return spec;
    }

    private static List<VmInventory> readInventory(List<ObjectContent> objects, Map<Integer, String> fieldNames) {
        Map<String, String> folderNames = new HashMap<>();
        Map<String, String> folderParents = new HashMap<>();
        Map<String, String> poolNames = new HashMap<>();
        Map<String, String> datastoreNames = new HashMap<>();
        List<Map<String, Object>> vms = new ArrayList<>();
        for (ObjectContent object : objects) {
            Map<String, Object> props = new HashMap<>();
            if (object.getPropSet() != null) {
                for (DynamicProperty p : object.getPropSet()) {
                    props.put(p.getName(), p.getVal());
                }
            }
            String moref = object.getObj().getVal();
            switch (object.getObj().getType()) {
                case "Folder" -> {
                    folderNames.put(moref, (String) props.get("name"));
                    if (props.get("parent") instanceof ManagedObjectReference parent && parent.getType().equals("Folder")) {
                        folderParents.put(moref, parent.getVal());
                    }
                }
                case "ResourcePool" -> poolNames.put(moref, (String) props.get("name"));
                case "Datastore" -> datastoreNames.put(moref, (String) props.get("name"));
                case "VirtualMachine" -> {
                    props.put("moref", moref);
                    vms.add(props);
                }
                default -> {
                }
            }
        }
        List<VmInventory> inventory = new ArrayList<>(vms.size());
        for (Map<String, Object> p : vms) {
            long committed = 0;
            long uncommitted = 0;
            Map<String, Long> perDatastore = new TreeMap<>();
            if (p.get("storage.perDatastoreUsage") instanceof ArrayOfVirtualMachineUsageOnDatastore usage
                    && usage.getVirtualMachineUsageOnDatastore() != null) {
                for (VirtualMachineUsageOnDatastore u : usage.getVirtualMachineUsageOnDatastore()) {
                    committed += u.getCommitted();
                    uncommitted += u.getUncommitted();
                    perDatastore.merge(datastoreNames.getOrDefault(u.getDatastore().getVal(), u.getDatastore().getVal()), u.getCommitted(), Long::sum);
                }
            }
            Map<String, String> custom = new TreeMap<>();
            if (p.get("customValue") instanceof ArrayOfCustomFieldValue values && values.getCustomFieldValue() != null) {
                for (CustomFieldValue v : values.getCustomFieldValue()) {
                    if (v instanceof CustomFieldStringValue s && fieldNames.containsKey(v.getKey())) {
                        custom.put(fieldNames.get(v.getKey()), s.getValue());
                    }
                }
            }
            String folder = p.get("parent") instanceof ManagedObjectReference parent ? folderPath(parent.getVal(), folderNames, folderParents) : "";
            String pool = p.get("resourcePool") instanceof ManagedObjectReference rp ? poolNames.getOrDefault(rp.getVal(), "") : "";
            Object power = p.get("runtime.powerState");
            inventory.add(new VmInventory((String) p.get("moref"), (String) p.get("name"), intValue(p.get("config.hardware.numCPU")),
                    intValue(p.get("config.hardware.memoryMB")), power == null ? "unknown" : power.toString(),
                    (String) p.getOrDefault("config.guestFullName", ""), folder, pool, committed, uncommitted, custom, Map.of(), perDatastore));
        }
        return inventory;
    }

    // names from the top folder down, e.g. "vm/tenant-a/web"
    private static String folderPath(String folder, Map<String, String> names, Map<String, String> parents) {
        List<String> path = new ArrayList<>();
        for (String f = folder; f != null && path.size() < 64; f = parents.get(f)) {
            path.add(0, names.getOrDefault(f, f));
        }
        return String.join("/", path);
    }

    private static int intValue(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    @Override
    public List<VmChange> vmChangesAfter(int afterKey) {
        try {
            EventFilterSpec filter = new EventFilterSpec();
            filter.setType(EVENT_TYPES);
            EventHistoryCollector collector = service.getEventManager().createCollectorForEvents(filter);
            try {
                collector.setCollectorPageSize(EVENT_PAGE);
                collector.rewindCollector();
                List<VmChange> changes = new ArrayList<>();
                Event[] page;
                while ((page = collector.readNextEvents(EVENT_PAGE)) != null && page.length > 0) {
                    for (Event event : page) {
                        if (event.getKey() > afterKey && event instanceof VmEvent vmEvent && vmEvent.getVm() != null) {
                            VmChange change = change(vmEvent);
                            if (change != null) {
                                changes.add(change);
                            }
                        }
                    }
                }
                changes.sort(Comparator.comparingInt(VmChange::key));
                return changes;
            } finally {
                collector.destroyCollector();
            }
        } catch (RemoteException e) {
            throw new VsphereException("event retrieval failed: " + describe(e), e);
        }
    }

    private static VmChange change(VmEvent event) {
        VmChange.Kind kind;
        Integer cpus = null;
        Integer memory = null;
        if (event instanceof VmRemovedEvent) {
            kind = VmChange.Kind.REMOVED;
        } else if (event instanceof VmPoweredOnEvent) {
            kind = VmChange.Kind.POWERED_ON;
        } else if (event instanceof VmPoweredOffEvent) {
            kind = VmChange.Kind.POWERED_OFF;
        } else if (event instanceof VmSuspendedEvent) {
            kind = VmChange.Kind.SUSPENDED;
        } else if (event instanceof VmReconfiguredEvent reconfigured) {
            kind = VmChange.Kind.RECONFIGURED;
            VirtualMachineConfigSpec spec = reconfigured.getConfigSpec();
            if (spec != null) {
                cpus = spec.getNumCPUs();
                memory = spec.getMemoryMB() == null ? null : spec.getMemoryMB().intValue();
            }
        } else if (event instanceof VmCreatedEvent || event.getClass().getSimpleName().matches("Vm(Cloned|Deployed|Registered)Event")) {
            kind = VmChange.Kind.CREATED;
        } else {
            return null;
        }
        ManagedObjectReference vm = event.getVm().getVm();
        return new VmChange(event.getKey(), event.getCreatedTime().toInstant(), vm == null ? null : vm.getVal(),
                event.getVm().getName(), kind, cpus, memory);
    }

    @Override
    public List<Sample> utilisation(List<String> morefs, List<String> counters, Instant from, Instant to, int intervalSeconds) {
        try {
            PerformanceManager perf = service.getPerformanceManager();
            Map<String, Integer> ids = counterIds(perf);
            List<PerfMetricId> metricIds = new ArrayList<>();
            for (String counter : counters) {
                Integer id = ids.get(counter);
                if (id == null) {
                    throw new VsphereException("the vCenter has no performance counter " + counter, null);
                }
                PerfMetricId metric = new PerfMetricId();
                metric.setCounterId(id);
                metric.setInstance(""); // the VM as a whole, not per core or disk
                metricIds.add(metric);
            }
            Map<Integer, String> names = new HashMap<>();
            ids.forEach((name, id) -> names.put(id, name));
            int maxSamples = (int) Math.max(1, Duration.between(from, to).getSeconds() / intervalSeconds + 1);
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < morefs.size(); i += PERF_BATCH) {
                List<PerfQuerySpec> specs = new ArrayList<>();
                for (String moref : morefs.subList(i, Math.min(morefs.size(), i + PERF_BATCH))) {
                    PerfQuerySpec spec = new PerfQuerySpec();
                    ManagedObjectReference vm = new ManagedObjectReference();
                    vm.setType("VirtualMachine");
                    vm.setVal(moref);
                    spec.setEntity(vm);
                    spec.setMetricId(metricIds.toArray(PerfMetricId[]::new));
                    spec.setIntervalId(intervalSeconds);
                    spec.setStartTime(calendar(from));
                    spec.setEndTime(calendar(to));
                    spec.setMaxSample(maxSamples);
                    spec.setFormat("normal");
                    specs.add(spec);
                }
                PerfEntityMetricBase[] answer = perf.queryPerf(specs.toArray(PerfQuerySpec[]::new));
                if (answer != null) {
                    for (PerfEntityMetricBase base : answer) {
                        readSamples(base, names, from, to, samples);
                    }
                }
            }
            return samples;
        } catch (RemoteException e) {
            throw new VsphereException("performance query failed: " + describe(e), e);
        }
    }

    private static void readSamples(PerfEntityMetricBase base, Map<Integer, String> names, Instant from, Instant to,
                                    List<Sample> samples) {
        if (!(base instanceof PerfEntityMetric metric) || metric.getSampleInfo() == null || metric.getValue() == null) {
            return;
        }
        String moref = metric.getEntity().getVal();
        PerfSampleInfo[] info = metric.getSampleInfo();
        for (PerfMetricSeries series : metric.getValue()) {
            if (series instanceof PerfMetricIntSeries ints && ints.getValue() != null) {
                String counter = names.get(series.getId().getCounterId());
                for (int k = 0; k < Math.min(info.length, ints.getValue().length); k++) {
                    Instant at = info[k].getTimestamp().toInstant().truncatedTo(ChronoUnit.SECONDS);
                    // vCenter reports -1 for "no value"; samples outside the window are another poll's
                    if (ints.getValue()[k] >= 0 && at.isAfter(from) && !at.isAfter(to)) {
                        samples.add(new Sample(moref, counter, at, ints.getValue()[k]));
                    }
                }
            }
        }
    }

    // "group.name.rollup" -> counter id, read once per session
    private Map<String, Integer> counterIds(PerformanceManager perf) {
        if (counterIds == null) {
            Map<String, Integer> ids = new HashMap<>();
            PerfCounterInfo[] infos = perf.getPerfCounter();
            if (infos != null) {
                for (PerfCounterInfo c : infos) {
                    ids.put(c.getGroupInfo().getKey() + "." + c.getNameInfo().getKey() + "." + c.getRollupType(), c.getKey());
                }
            }
            counterIds = ids;
        }
        return counterIds;
    }

    private static Calendar calendar(Instant t) {
        Calendar calendar = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        calendar.setTimeInMillis(t.toEpochMilli());
        return calendar;
    }

    static String describe(Exception e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        return cause == null || cause == e ? String.valueOf(message)
                : message + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }

    @Override
    public void close() {
        try {
            service.getServerConnection().logout();
        } catch (RuntimeException ignored) {
            // logging out of a vCenter that is gone changes nothing
        }
    }
}
