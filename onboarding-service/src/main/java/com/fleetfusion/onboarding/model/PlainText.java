package com.fleetfusion.onboarding.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.regex.Pattern;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** No URLs and no HTML: Clerk refuses them in organization names, and the SPA renders these strings. */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PlainText.Validator.class)
public @interface PlainText {

    String message() default "must not contain URLs or HTML";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlainText, String> {

        private static final Pattern URL_OR_HTML = Pattern.compile(
                "(?i)([a-z][a-z0-9+.-]*://|www\\.|<[^>]*>|&[a-z]+;|&#|\\b[a-z0-9-]+\\.(com|net|org|io|dev|app|co|info|biz|xyz)\\b)");

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || !URL_OR_HTML.matcher(value).find();
        }
    }
}
