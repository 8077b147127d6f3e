-- The onboarding saga log. Schema "onboarding" belongs to this service; tenant-store owns "public".

CREATE TABLE sagas (
    id                uuid        PRIMARY KEY,
    user_id           text        NOT NULL,
    idempotency_key   text,
    state             text        NOT NULL,
    request           jsonb       NOT NULL,
    slug              text,                 -- the slug of the current (last) CreateOrganization attempt
    organization_id   text,
    previous_metadata jsonb,                -- the user's values of our metadata keys before the saga, for the undo
    response          jsonb,                -- the 201 answer, replayed for the same Idempotency-Key
    failure           text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    lease_until       timestamptz,          -- set while the recovery job works on the saga
    orphan_check_due  timestamptz           -- ended without knowing whether a CreateOrganization went through
);

CREATE INDEX sagas_orphan_checks ON sagas (orphan_check_due) WHERE orphan_check_due IS NOT NULL;

-- One saga in flight per user: a double click or a second tab cannot create a second organization.
CREATE UNIQUE INDEX sagas_one_active_per_user ON sagas (user_id)
    WHERE state IN ('STARTED', 'ORG_CREATED', 'MEMBERSHIP_ENSURED', 'METADATA_SET', 'COMPENSATING');

-- An Idempotency-Key names one onboarding of one user; a failed or compensated one may be tried again.
CREATE UNIQUE INDEX sagas_idempotency_key ON sagas (user_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL AND state NOT IN ('FAILED', 'COMPENSATED');

CREATE INDEX sagas_completed_by_user ON sagas (user_id) WHERE state = 'COMPLETED';

CREATE INDEX sagas_in_flight_by_age ON sagas (updated_at)
    WHERE state IN ('STARTED', 'ORG_CREATED', 'MEMBERSHIP_ENSURED', 'METADATA_SET', 'COMPENSATING');

-- Every step, attempt and outcome, in order.
CREATE TABLE saga_steps (
    id       bigserial   PRIMARY KEY,
    saga_id  uuid        NOT NULL REFERENCES sagas (id),
    step     text        NOT NULL,
    outcome  text        NOT NULL,
    detail   text,
    at       timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX saga_steps_by_saga ON saga_steps (saga_id, id);
