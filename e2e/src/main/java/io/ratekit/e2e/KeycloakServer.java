package io.ratekit.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Keycloak (the {@code keycloak-quarkus-dist} zip unpacked by the e2e build) in dev mode on
 * the Temurin 25 JDK, with Ratekit's realm export ({@code deploy/keycloak/ratekit-realm.json})
 * imported into a fresh database. Hands out tokens with the password grant.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final Path JDK = Path.of(System.getProperty("keycloak.java", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private KeycloakServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Keycloak from {@code home} and waits (up to {@code timeout}) until the ratekit realm answers. */
    public static KeycloakServer start(Path root, Path home, Path logDir, Duration timeout) throws IOException, InterruptedException {
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(home + " holds no Keycloak: build the e2e module (it unpacks keycloak-quarkus-dist)");
        }
        deleteTree(home.resolve("data")); // a fresh H2 database: the realm is imported as exported
        Path imports = Files.createDirectories(home.resolve("data/import"));
        Files.copy(root.resolve("deploy/keycloak/ratekit-realm.json"), imports.resolve("ratekit-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(logDir);
        Path log = logDir.resolve("keycloak.log");
        int port = RatekitCluster.freePort();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev", "--import-realm",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + RatekitCluster.freePort())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("JAVA_HOME", JDK.toString());
        pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-" + port);
        KeycloakServer server = new KeycloakServer(pb.start(), port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(server::kill));
        server.awaitRealm(timeout);
        return server;
    }

    /** The issuer the services trust ({@code OIDC_URL}). */
    public String realmUrl() {
        return "http://127.0.0.1:" + port + "/realms/ratekit";
    }

    /** An access token for {@code user} of the realm export, by the password grant of the {@code ratekit-cli} client. */
    public String token(String user, String password) throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=ratekit-cli&scope=openid&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(realmUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = ACCESS_TOKEN.matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("no token for " + user + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    private void awaitRealm(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        URI discovery = URI.create(realmUrl() + "/.well-known/openid-configuration");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(discovery).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        kill();
        throw new IllegalStateException("Keycloak not ready after " + timeout + "; see " + log);
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
