package com.fleetfusion.emulator.service;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where the state changes go as Clerk webhook events (type like "user.created", data = the Clerk object). */
public interface EventSink {

    void emit(String type, ObjectNode data);
}
