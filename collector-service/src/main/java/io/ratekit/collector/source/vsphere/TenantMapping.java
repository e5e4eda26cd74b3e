package io.ratekit.collector.source.vsphere;

import io.ratekit.collector.source.vsphere.VsphereClient.VmInventory;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The rule that gives a VM its Ratekit scope: a custom attribute, a tag category, its folder or its resource pool.
 * VMs the rule does not map go to the default scope (and are counted), never dropped.
 */
public final class TenantMapping {

    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9_.:@\\-]{1,255}");

    private final String rule;
    private final Function<VmInventory, String> source;
    private final String defaultScope;

    private TenantMapping(String rule, Function<VmInventory, String> source, String defaultScope) {
        this.rule = rule;
        this.source = source;
        this.defaultScope = defaultScope;
    }

    /** Parses {@code folder}, {@code resource-pool}, {@code custom-attribute:<name>} or {@code tag:<category>}; anything else is refused. */
    public static TenantMapping parse(String rule, String defaultScope) {
        if (!SCOPE.matcher(defaultScope).matches()) {
            throw new IllegalArgumentException("ratekit.collector.vsphere.default-scope: '" + defaultScope + "' is not a valid scope id");
        }
        String r = rule.trim();
        if (r.equals("folder")) {
            return new TenantMapping(r, TenantMapping::tenantFolder, defaultScope);
        }
        if (r.equals("resource-pool")) {
            // the root pool of a cluster ("Resources") is no tenant
            return new TenantMapping(r, vm -> vm.resourcePool().equals("Resources") ? null : vm.resourcePool(), defaultScope);
        }
        if (r.startsWith("tag:") && r.length() > "tag:".length()) {
            String category = r.substring("tag:".length());
            return new TenantMapping(r, vm -> vm.tags().get(category), defaultScope);
        }
        if (r.startsWith("custom-attribute:") && r.length() > "custom-attribute:".length()) {
            String name = r.substring("custom-attribute:".length());
            return new TenantMapping(r, vm -> vm.customAttributes().get(name), defaultScope);
        }
        throw new IllegalArgumentException("ratekit.collector.vsphere.tenant-from: expected folder, resource-pool,"
                + " custom-attribute:<name> or tag:<category>, got '" + rule + "'");
    }

    /** The VM's scope, if the rule maps it to a valid scope id. */
    public Optional<String> mapped(VmInventory vm) {
        String scope = source.apply(vm);
        return scope != null && SCOPE.matcher(scope).matches() ? Optional.of(scope) : Optional.empty();
    }

    public String scopeOf(VmInventory vm) {
        return mapped(vm).orElse(defaultScope);
    }

    /** True when the rule reads tags (which then have to be fetched). */
    public boolean usesTags() {
        return rule.startsWith("tag:");
    }

    public String rule() {
        return rule;
    }

    // "vm/tenant-a/web" -> "tenant-a": the first folder below the datacenter's VM folder
    private static String tenantFolder(VmInventory vm) {
        String[] path = vm.folderPath().split("/");
        return path.length >= 2 ? path[1] : null;
    }
}
