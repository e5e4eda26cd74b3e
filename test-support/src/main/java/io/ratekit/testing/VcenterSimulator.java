package io.ratekit.testing;

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
 * govmomi's vCenter simulator ({@code collector-service/src/test/vcsim/main.go}), built with the
 * Debian Go toolchain into {@code target/vcsim} of the repository on first use and started on a
 * free port. Closing it stops the process.
 */
public final class VcenterSimulator implements AutoCloseable {

    /** A VM as the simulator created it (its own account, to compare Ratekit's reading with). */
    public record SimulatedVm(String moref, String name, int numCpu, int memoryMB, String powerState, String tenant) {
    }

    private static final Path ROOT = repositoryRoot();
    private static final Path SOURCE = ROOT.resolve("collector-service/src/test/vcsim/main.go");
    private static final Path BINARY = ROOT.resolve("target/vcsim/vcsim");

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
                    vm.get("memoryMB").asInt(), vm.get("powerState").asText(), vm.has("tenant") ? vm.get("tenant").asText() : null));
        }
        Files.deleteIfExists(inventory);
    }

    // tests run in a module directory; the benchmark and e2e pass -Dratekit.root
    private static Path repositoryRoot() {
        String root = System.getProperty("ratekit.root");
        if (root != null) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("collector-service")) ? here : here.getParent();
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
        go.environment().put("GOCACHE", BINARY.getParent().resolve("gocache").toString());
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
