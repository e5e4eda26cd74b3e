// vcsim launcher for Ratekit's vSphere tests and benchmark: govmomi's vCenter simulator with a
// configurable inventory, serving the vim25 SOAP API on http://127.0.0.1:<port>/sdk (any user
// and password). Prints "URL <url>" once listening, writes the inventory it created as JSON (the
// ground truth tests compare with; -tenants n also sets a custom attribute "tenant" on the VMs), and runs until stdin closes or it is signalled.
//
// Build: GO111MODULE=off GOPATH=/usr/share/gocode go build -o vcsim main.go
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"syscall"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vapi/rest"
	_ "github.com/vmware/govmomi/vapi/simulator" // the vAPI REST endpoint (/rest), for tags
	"github.com/vmware/govmomi/vapi/tags"
	"github.com/vmware/govmomi/vim25/types"
)

type vm struct {
	Moref      string `json:"moref"`
	Tenant     string `json:"tenant,omitempty"`
	Name       string `json:"name"`
	NumCPU     int32  `json:"numCpu"`
	MemoryMB   int32  `json:"memoryMB"`
	PowerState string `json:"powerState"`
}

func main() {
	port := flag.Int("port", 0, "TCP port (0: any free port)")
	hosts := flag.Int("host", 1, "standalone hosts per datacenter")
	clusters := flag.Int("cluster", 1, "clusters per datacenter")
	clusterHosts := flag.Int("cluster-host", 3, "hosts per cluster")
	pools := flag.Int("pool", 0, "child resource pools per cluster")
	machines := flag.Int("vm", 2, "virtual machines per resource pool")
	inventory := flag.String("inventory", "", "file to write the created VMs to (JSON)")
	tenants := flag.Int("tenants", 0, "custom attribute 'tenant' = tenant-<i mod n> on every VM but each (n+1)-th (0: none)")
	tagTenants := flag.Bool("tag-tenants", false, "with -tenants: also a tag of category 'tenant' with the same name")
	flag.Parse()

	model := simulator.VPX()
	model.Host = *hosts
	model.Cluster = *clusters
	model.ClusterHost = *clusterHosts
	model.Pool = *pools
	model.Machine = *machines
	if err := model.Create(); err != nil {
		fmt.Fprintln(os.Stderr, "creating the model:", err)
		os.Exit(1)
	}
	defer model.Remove()
	model.Service.Listen = &url.URL{Host: fmt.Sprintf("127.0.0.1:%d", *port)}
	model.Service.RegisterEndpoints = true // the vAPI REST endpoint for tags
	server := model.Service.NewServer()
	defer server.Close()

	var vms []vm
	for _, e := range simulator.Map.All("VirtualMachine") {
		v := e.(*simulator.VirtualMachine)
		vms = append(vms, vm{v.Self.Value, "", v.Name, v.Config.Hardware.NumCPU, v.Config.Hardware.MemoryMB, string(v.Runtime.PowerState)})
	}
	if *tenants > 0 {
		// through the vSphere API itself, as an operator would tag VMs
		ctx := context.Background()
		client, err := govmomi.NewClient(ctx, server.URL, true)
		if err != nil {
			fmt.Fprintln(os.Stderr, "connecting to the simulator:", err)
			os.Exit(1)
		}
		fields := object.NewCustomFieldsManager(client.Client)
		def, err := fields.Add(ctx, "tenant", "VirtualMachine", nil, nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, "adding the custom field:", err)
			os.Exit(1)
		}
		for i := range vms {
			if i%(*tenants+1) == *tenants {
				continue // left without a tenant: billed in the default scope
			}
			vms[i].Tenant = fmt.Sprintf("tenant-%d", i%(*tenants+1))
			ref := types.ManagedObjectReference{Type: "VirtualMachine", Value: vms[i].Moref}
			if err := fields.Set(ctx, ref, def.Key, vms[i].Tenant); err != nil {
				fmt.Fprintln(os.Stderr, "setting the tenant:", err)
				os.Exit(1)
			}
		}
		if *tagTenants {
			tagVms(ctx, client, vms)
		}
		client.Logout(ctx)
	}
	if *inventory != "" {
		data, _ := json.Marshal(vms)
		if err := os.WriteFile(*inventory, data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "writing the inventory:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("URL %s\n", server.URL.String())

	done := make(chan os.Signal, 1)
	signal.Notify(done, syscall.SIGINT, syscall.SIGTERM)
	go func() { io.Copy(io.Discard, os.Stdin); done <- syscall.SIGTERM }()
	<-done
}

// tagVms attaches, through the vAPI tagging service, a tag of category "tenant" named as each VM's tenant.
func tagVms(ctx context.Context, client *govmomi.Client, vms []vm) {
	rc := rest.NewClient(client.Client)
	if err := rc.Login(ctx, url.UserPassword("user", "pass")); err != nil {
		fmt.Fprintln(os.Stderr, "vAPI login:", err)
		os.Exit(1)
	}
	m := tags.NewManager(rc)
	category, err := m.CreateCategory(ctx, &tags.Category{Name: "tenant", Cardinality: "SINGLE", AssociableTypes: []string{"VirtualMachine"}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "creating the tag category:", err)
		os.Exit(1)
	}
	ids := map[string]string{}
	for _, v := range vms {
		if v.Tenant == "" {
			continue
		}
		if _, ok := ids[v.Tenant]; !ok {
			id, err := m.CreateTag(ctx, &tags.Tag{Name: v.Tenant, CategoryID: category})
			if err != nil {
				fmt.Fprintln(os.Stderr, "creating a tag:", err)
				os.Exit(1)
			}
			ids[v.Tenant] = id
		}
		if err := m.AttachTag(ctx, ids[v.Tenant], types.ManagedObjectReference{Type: "VirtualMachine", Value: v.Moref}); err != nil {
			fmt.Fprintln(os.Stderr, "attaching a tag:", err)
			os.Exit(1)
		}
	}
}
