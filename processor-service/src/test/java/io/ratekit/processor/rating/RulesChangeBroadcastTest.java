package io.ratekit.processor.rating;

import io.quarkus.test.security.TestSecurity;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.testing.AmqpProbe;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change made by another replica reaches this one through the broadcast alone: the test
 * profile sets the periodic check to an hour, so only the message can trigger the reload.
 */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class RulesChangeBroadcastTest {

    @Inject
    RatingSnapshots snapshots;
    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;

    @Test
    void anotherReplicasAnnouncementReloadsTheRulesAtOnce() throws Exception {
        long before = snapshots.current().version();
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE rating.ruleset_version SET version = version + 1"); // what another replica's change does
        }
        assertThat(snapshots.current().version()).as("no reload without the broadcast").isEqualTo(before);

        try (AmqpProbe amqp = new AmqpProbe(vhost)) {
            amqp.publish(RulesChangeBroadcast.EXCHANGE, "", Long.toString(before + 1));
        }
        Instant deadline = Instant.now().plusSeconds(10);
        while (snapshots.current().version() == before && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(snapshots.current().version()).isEqualTo(before + 1);
    }
}
