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

/**
 * A phone number as people write it: optional leading +, digits with spaces, dots, dashes or parentheses,
 * and 7 to 15 digits in all (E.164's maximum).
 */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PhoneNumber.Validator.class)
public @interface PhoneNumber {

    String message() default "must be a phone number such as +1 555 0100 (7 to 15 digits)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PhoneNumber, String> {

        private static final Pattern SHAPE = Pattern.compile("\\+?[0-9(][0-9 ().-]*[0-9]");

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            long digits = value.chars().filter(Character::isDigit).count();
            return SHAPE.matcher(value).matches() && digits >= 7 && digits <= 15;
        }
    }
}
