package io.ratekit.e2e;

import io.ratekit.testing.LocalServices;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three services, started as separate processes on free ports against a fresh PostgreSQL
 * database and a fresh RabbitMQ virtual host of their own.
 */
public final class RatekitCluster implements AutoCloseable {

    public final ServiceProcess collector;
    public final ServiceProcess processor;
    public final ServiceProcess storage;
    private final String database;
    private final String vhost;

    public RatekitCluster(Path root, String name, Map<String, String> extraEnv) throws IOException {
        this(root, name, extraEnv, true);
    }

    /** {@code fresh = false} keeps the database and vhost as a previous run left them. */
    public RatekitCluster(Path root, String name, Map<String, String> extraEnv, boolean fresh) throws IOException {
        this.database = name.replace('-', '_');
        this.vhost = name;
        if (fresh) {
            LocalServices.recreateDatabase(database);
            LocalServices.recreateVhost(vhost);
        }
        Path logs = root.resolve("e2e/target/" + name + "-logs");
        Map<String, String> env = new HashMap<>();
        String jdbc = LocalServices.jdbcUrl(database);
        env.put("COLLECTOR_JDBC_URL", jdbc);
        env.put("STORAGE_JDBC_URL", jdbc);
        env.put("PROCESSOR_JDBC_URL", jdbc);
        env.put("RABBITMQ_VHOST", vhost);
        env.put("RABBITMQ_HOST", LocalServices.RABBITMQ_HOST);
        env.put("RABBITMQ_PORT", Integer.toString(LocalServices.RABBITMQ_PORT));
        // authentication off unless a test brings an identity provider (KeycloakEndToEndTest sets QUARKUS_PROFILE=prod)
        env.put("QUARKUS_PROFILE", "noauth");
        env.putAll(extraEnv);
        collector = new ServiceProcess("collector", root, freePort(), env, logs);
        processor = new ServiceProcess("processor", root, freePort(), env, logs);
        storage = new ServiceProcess("storage", root, freePort(), env, logs);
    }

    public String database() {
        return database;
    }

    public String vhost() {
        return vhost;
    }

    public RatekitCluster start() throws IOException, InterruptedException {
        return start(storage, processor, collector);
    }

    /** Starts only {@code services} (e.g. storage alone for a storage benchmark). */
    public RatekitCluster start(ServiceProcess... services) throws IOException, InterruptedException {
        for (ServiceProcess s : services) {
            s.start();
        }
        for (ServiceProcess s : services) {
            s.awaitReady(Duration.ofSeconds(90));
        }
        return this;
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess s : List.of(collector, processor, storage)) {
            s.stop();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
