package com.fleetfusion.session;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * On a JAX-RS resource class or method: every request must carry a Clerk session token that passes
 * {@link ClerkSessionVerifier}; the verified session is then {@link CurrentSession}. A refusal is answered as
 * problem+json by the shared problem-json writer before the resource is called.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface SessionRequired {
}
