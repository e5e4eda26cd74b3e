package io.ratekit.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gives tests a clean place on the real local PostgreSQL and RabbitMQ: a database per test
 * suite and a fresh RabbitMQ virtual host, so durable queues never carry messages from one run
 * into the next.
 */
public final class LocalServices {

    public static final String PG_HOST = System.getProperty("ratekit.test.pg-host", "127.0.0.1");
    public static final int PG_PORT = Integer.getInteger("ratekit.test.pg-port", 5432);
    public static final String PG_USER = System.getProperty("ratekit.test.pg-user", "postgres");
    public static final String RABBITMQ_HOST = System.getProperty("ratekit.test.rabbitmq-host", "127.0.0.1");
    public static final int RABBITMQ_PORT = Integer.getInteger("ratekit.test.rabbitmq-port", 5672);

    private LocalServices() {
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), PG_USER, "");
    }

    /** Creates the database unless it exists. */
    public static void ensureDatabase(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE \"" + name + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + jdbcUrl("postgres")
                    + " as " + PG_USER + " (start it: pg_ctlcluster --skip-systemctl-redirect <version> main start)", e);
        }
    }

    /** Drops and recreates the database (no other session may be connected to it). */
    public static void recreateDatabase(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            s.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate database " + name, e);
        }
    }

    /** Deletes and recreates a RabbitMQ virtual host and gives guest all rights on it. */
    public static void recreateVhost(String vhost) {
        rabbitmqctl(true, "delete_vhost", vhost);
        rabbitmqctl(false, "add_vhost", vhost);
        rabbitmqctl(false, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    }

    private static void rabbitmqctl(boolean mayFail, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("rabbitmqctl timed out: " + command);
            }
            if (p.exitValue() != 0 && !mayFail) {
                throw new IllegalStateException("rabbitmqctl failed (" + p.exitValue() + "): " + command + "\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("rabbitmqctl is needed to prepare a RabbitMQ vhost for tests (PATH has /usr/sbin?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
