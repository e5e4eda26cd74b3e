package io.ratekit.collector.source.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * govmomi's vCenter simulator (src/test/vcsim/main.go), built with the Debian Go toolchain into
 * target/vcsim on first use and started on a free port. Closing it stops the process.
 */
public final class VcenterSimulator implements AutoCloseable {

    /** A VM as the simulator created it (its own account, to compare Ratekit's reading with). */
    public record SimulatedVm(String moref, String name, int numCpu, int memoryMB, String powerState) {
    }

    private static final Path SOURCE = Path.of("src/test/vcsim/main.go");
    private static final Path BINARY = Path.of("target/vcsim/vcsim");

    private final Process process;
    private final String url;
    private final List<SimulatedVm> created = new ArrayList<>();

    /** {@code args}: main.go's flags, e.g. {@code -vm 1000}. */
    public VcenterSimulator(String... args) throws IOException, InterruptedException {
        build();
        Path inventory = Files.createTempFile("vcsim-inventory", ".json");
        List<String> command = new ArrayList<>(List.of(BINARY.toAbsolutePath().toString(), "-inventory", inventory.toString()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("URL ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the simulator did not start: " + line);
        }
        // main.go prints http://user:pass@host:port/sdk; Ratekit gets the credentials separately
        url = line.substring(4).replaceFirst("//[^@/]*@", "//");
        for (JsonNode vm : new ObjectMapper().readTree(inventory.toFile())) {
            created.add(new SimulatedVm(vm.get("moref").asText(), vm.get("name").asText(), vm.get("numCpu").asInt(),
                    vm.get("memoryMB").asInt(), vm.get("powerState").asText()));
        }
        Files.deleteIfExists(inventory);
    }

    public String url() {
        return url;
    }

    public List<SimulatedVm> created() {
        return created;
    }

    private static synchronized void build() throws IOException, InterruptedException {
        if (Files.exists(BINARY) && Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) > 0) {
            return;
        }
        Files.createDirectories(BINARY.getParent());
        ProcessBuilder go = new ProcessBuilder("go", "build", "-o", BINARY.toAbsolutePath().toString(), SOURCE.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
        go.environment().put("GO111MODULE", "off");
        go.environment().put("GOPATH", "/usr/share/gocode");
        go.environment().put("GOCACHE", Path.of("target/vcsim/gocache").toAbsolutePath().toString());
        go.environment().put("GOFLAGS", "-mod=mod");
        Process p = go.start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("building the vCenter simulator failed (needs the Debian packages golang-go and"
                    + " golang-github-vmware-govmomi-dev; bin/ensure-services installs them)");
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
