package com.fleetfusion.onboarding;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.ClerkEmulatorResource;
import com.fleetfusion.testsupport.KafkaBroker;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.OperationalEndpointsContract;
import com.fleetfusion.testsupport.PostgresResource;
import com.fleetfusion.testsupport.PostgresServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkEmulatorResource.WithSessions.class)
class OperationalEndpointsTest extends OperationalEndpointsContract {

    @Inject
    Pool pool;

    @Test
    void queriesTheRealPostgres() {
        String version = pool.query("SELECT current_setting('server_version_num')").execute()
                .await().indefinitely().iterator().next().getString(0);
        assertThat(Integer.parseInt(version)).isGreaterThanOrEqualTo(150000);
    }

    @Test
    void readinessIsDownWhilePostgresIsUnreachableAndUpWhenItReturns() {
        assumeTrue(System.getenv("DB_URL") == null, "needs the Postgres of the test support");
        PostgresServer postgres = PostgresServer.shared();
        readinessFollows("PostgreSQL", postgres::stop, postgres::start);
    }

    @Test
    void readinessIsDownWhileKafkaIsUnreachableAndUpWhenItReturns() {
        assumeTrue(System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null, "needs the broker of the test support");
        KafkaBroker broker = KafkaBroker.shared();
        readinessFollows("Kafka", broker::stop, broker::start);
    }
}
