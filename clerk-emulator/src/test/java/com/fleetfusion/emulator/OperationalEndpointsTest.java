package com.fleetfusion.emulator;

import com.fleetfusion.testsupport.OperationalEndpointsContract;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OperationalEndpointsTest extends OperationalEndpointsContract {
}
