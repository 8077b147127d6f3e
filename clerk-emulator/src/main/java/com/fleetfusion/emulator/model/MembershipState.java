package com.fleetfusion.emulator.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

public record MembershipState(String id, String organizationId, String userId, String role, ObjectNode publicMetadata,
        ObjectNode privateMetadata, long createdAt, long updatedAt) {

    public MembershipState withRole(String newRole, long now) {
        return new MembershipState(id, organizationId, userId, newRole, publicMetadata, privateMetadata, createdAt, now);
    }

    public MembershipState withMetadata(ObjectNode publicMeta, ObjectNode privateMeta, long now) {
        return new MembershipState(id, organizationId, userId, role, publicMeta, privateMeta, createdAt, now);
    }
}
