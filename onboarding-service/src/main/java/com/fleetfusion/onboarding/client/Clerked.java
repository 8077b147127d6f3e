package com.fleetfusion.onboarding.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Clerk answer both typed and as Clerk sent it (the JSON a synthetic event carries), with every
 * {@code private_metadata} already removed from the JSON.
 */
public record Clerked<T>(T value, ObjectNode json) {
}
