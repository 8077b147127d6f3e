package com.fleetfusion.settings;

/** A packaged service was started in production with missing or unsafe settings; the message repeats no value. */
public final class UnsafeSettingsException extends IllegalStateException {

    public UnsafeSettingsException(String message) {
        super(message);
    }
}
