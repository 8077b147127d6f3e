package com.fleetfusion.emulator.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Backend API method with its operationId in Clerk's spec: it is then authenticated with the secret key,
 * rate limited, and subject to the faults armed for that operation.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ClerkOperation {

    String value();

    /** Clerk exempts a few endpoints (GET /v1/jwks) from the rate limit. */
    boolean rateLimited() default true;
}
