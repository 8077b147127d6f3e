package com.fleetfusion.session;

import jakarta.enterprise.context.RequestScoped;

/** The verified Clerk session of the current request of a {@link SessionRequired} resource. */
@RequestScoped
public class CurrentSession {

    private SessionContext session;

    /**
     * @throws IllegalStateException outside a {@link SessionRequired} resource (a wiring error, not a refusal)
     */
    public SessionContext get() {
        if (session == null) {
            throw new IllegalStateException("no verified session: the resource is not @SessionRequired");
        }
        return session;
    }

    void set(SessionContext verified) {
        this.session = verified;
    }
}
