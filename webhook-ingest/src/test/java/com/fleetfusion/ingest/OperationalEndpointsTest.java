package com.fleetfusion.ingest;

import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.KafkaBroker;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.OperationalEndpointsContract;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

@QuarkusTest
@WithTestResource(KafkaResource.class)
class OperationalEndpointsTest extends OperationalEndpointsContract {

    @Test
    void readinessIsDownWhileKafkaIsUnreachableAndUpWhenItReturns() {
        assumeTrue(System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null, "needs the broker of the test support");
        KafkaBroker broker = KafkaBroker.shared();
        readinessFollows("Kafka", broker::stop, broker::start);
    }
}
