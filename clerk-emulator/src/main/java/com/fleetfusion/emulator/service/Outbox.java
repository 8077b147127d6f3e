package com.fleetfusion.emulator.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fleetfusion.emulator.model.SentEmail;

/**
 * The e-mails Clerk would send (one-time codes for sign-up verification and password reset), kept in memory instead:
 * a test or a developer reads the code through the control API. The code is never logged.
 */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final int KEPT = 1000;

    private final List<SentEmail> sent = new ArrayList<>();

    Clock clock = Clock.systemUTC();

    public synchronized SentEmail sendCode(String to, String purpose, String code) {
        String subject = switch (purpose) {
            case "reset_password_email_code" -> code + " is your password reset code";
            default -> code + " is your verification code";
        };
        String body = "reset_password_email_code".equals(purpose)
                ? "Use this code to reset your FleetFusion password: " + code + ". It expires in 10 minutes."
                : "Use this code to verify your e-mail address on FleetFusion: " + code
                        + ". It expires in 10 minutes.";
        SentEmail email = new SentEmail(Ids.next("ema"), to, subject, body, code, purpose, clock.millis());
        sent.add(email);
        if (sent.size() > KEPT) {
            sent.remove(0);
        }
        LOG.infof("e-mail %s (%s) to %s", email.id(), purpose, to);
        return email;
    }

    /** Oldest first; only those to {@code to} when given. */
    public synchronized List<SentEmail> list(String to) {
        if (to == null || to.isBlank()) {
            return List.copyOf(sent);
        }
        String wanted = to.trim().toLowerCase(Locale.ROOT);
        return sent.stream().filter(e -> e.toEmailAddress().equals(wanted)).toList();
    }

    public synchronized void reset() {
        sent.clear();
    }
}
