package io.ratekit.service.security;

import io.quarkus.runtime.StartupEvent;
import io.ratekit.service.sql.RowSecurityCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;

/**
 * In a service whose tables carry row-level security ({@code ratekit.security.row-level-security=true}),
 * refuses to start when the default datasource logs in as a role the policies would not bind.
 */
@ApplicationScoped
public class RowSecurityStartupCheck {

    @ConfigProperty(name = "ratekit.security.row-level-security", defaultValue = "false")
    boolean rowLevelSecurity;

    @Inject
    Instance<DataSource> dataSource;

    void check(@Observes StartupEvent event) {
        if (rowLevelSecurity) {
            RowSecurityCheck.requireBoundRole(dataSource.get(), "default datasource");
        }
    }
}
