package com.fleetfusion.emulator.model;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A user as the emulator holds it. Metadata objects are never mutated in place: updates make a new record. */
public record UserState(String id, String externalId, String username, String firstName, String lastName,
        List<EmailAddressState> emailAddresses, String primaryEmailAddressId, ObjectNode publicMetadata,
        ObjectNode privateMetadata, ObjectNode unsafeMetadata, String sessionId, boolean signedUp, long createdAt,
        long updatedAt) {

    public UserState {
        emailAddresses = List.copyOf(emailAddresses);
    }

    public String primaryEmail() {
        return emailAddresses.stream().filter(e -> e.id().equals(primaryEmailAddressId)).map(EmailAddressState::email)
                .findFirst().orElse(null);
    }

    public UserState withMetadata(ObjectNode publicMeta, ObjectNode privateMeta, ObjectNode unsafeMeta, long now) {
        return new UserState(id, externalId, username, firstName, lastName, emailAddresses, primaryEmailAddressId,
                publicMeta, privateMeta, unsafeMeta, sessionId, signedUp, createdAt, now);
    }

    public record EmailAddressState(String id, String email, boolean viaSignUp, long createdAt, long updatedAt) {
    }
}
