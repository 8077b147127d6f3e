package com.fleetfusion.emulator.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

public record OrganizationState(String id, String name, String slug, String createdBy, ObjectNode publicMetadata,
        ObjectNode privateMetadata, int maxAllowedMemberships, boolean adminDeleteEnabled, long createdAt,
        long updatedAt) {

    public OrganizationState withMetadata(ObjectNode publicMeta, ObjectNode privateMeta, long now) {
        return new OrganizationState(id, name, slug, createdBy, publicMeta, privateMeta, maxAllowedMemberships,
                adminDeleteEnabled, createdAt, now);
    }
}
