package io.ratekit.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Ratekit service ({@code target/quarkus-app/quarkus-run.jar}) running as its own
 * process. Processes are registered for a JVM shutdown hook the moment they start, so a failed
 * or interrupted run never leaves services behind.
 */
public final class ServiceProcess {

    private static final List<Process> ALL = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (ALL) {
                ALL.forEach(Process::destroyForcibly);
            }
        }, "ratekit-e2e-cleanup"));
    }

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    public ServiceProcess(String name, Path root, int port, Map<String, String> env, Path logDir) {
        this.name = name;
        this.jar = root.resolve(name + "-service/target/quarkus-app/quarkus-run.jar");
        this.port = port;
        this.env = new java.util.HashMap<>(env);
        this.env.put(name.toUpperCase(java.util.Locale.ROOT) + "_HTTP_PORT", Integer.toString(port));
        this.log = logDir.resolve(name + ".log");
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The environment the process starts with (a copy). */
    public Map<String, String> env() {
        return new java.util.HashMap<>(env);
    }

    public int port() {
        return port;
    }

    public void start() throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -B package -DskipTests)");
        }
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        process = pb.start();
        synchronized (ALL) {
            ALL.add(process);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
    }

    /** SIGKILL: no graceful shutdown, unacked messages go back to the queue. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    public Path log() {
        return log;
    }
}
