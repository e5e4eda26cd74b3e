package io.ratekit.service.security;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * With authentication off ({@code ratekit.security.noauth=true}) a service listens on 127.0.0.1,
 * under whichever profile turned it off ({@code noauth}, {@code dev}, {@code test}): this config
 * source sets {@code quarkus.http.host} then, above the services' {@code application.properties}
 * (so no profile's file can widen it). An explicit host in the environment or a system property
 * ranks higher and is checked by {@link NoAuthGuard}, which refuses to start on anything but
 * loopback. Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public class NoAuthLoopback implements ConfigSourceFactory {

    static final String HOST = "quarkus.http.host";
    static final String LOOPBACK = "127.0.0.1";
    /** Above application.properties (250), below the .env file (295), environment (300) and system properties (400). */
    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!enabled(context.getValue("ratekit.security.noauth"))) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(HOST, LOOPBACK), "ratekit noauth: loopback only", ORDINAL));
    }

    private static boolean enabled(ConfigValue value) {
        return value != null && value.getValue() != null && Boolean.parseBoolean(value.getValue().trim());
    }

    /** Whether {@code host} (a name or an address) is a loopback address; 0.0.0.0 and other interfaces are not. */
    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(h)) {
                if (!address.isLoopbackAddress()) {
                    return false; // a name that also resolves elsewhere is bound there too
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
