package io.ratekit.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a {@code @QuarkusTest} service at the real local PostgreSQL (database
 * {@code ratekit_test}) and at a RabbitMQ vhost of its own, recreated for every test run.
 * Pass {@code vhost} as an init arg to name it.
 */
public class LocalServicesResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "ratekit_test";

    private String vhost = "ratekit-test";

    @Override
    public void init(Map<String, String> initArgs) {
        vhost = initArgs.getOrDefault("vhost", vhost);
    }

    @Override
    public Map<String, String> start() {
        LocalServices.ensureDatabase(DATABASE);
        LocalServices.recreateVhost(vhost);
        return Map.of(
                "quarkus.datasource.jdbc.url", LocalServices.jdbcUrl(DATABASE),
                "rabbitmq-virtual-host", vhost);
    }

    @Override
    public void stop() {
        // the vhost stays for inspection after a failed run; the next run recreates it
    }
}
