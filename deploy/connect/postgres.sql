-- Tables of the two connectors in this folder. Create them before the connectors start: the
-- connectors run with schema.evolution=none, so that the columns keep the types below (Debezium
-- would make the timestamps text). Column names are the Avro fields in snake_case.

-- One row per live entity: equal to the compacted status.current.
CREATE TABLE IF NOT EXISTS statusflow_current (
    entity_key   text        PRIMARY KEY,
    tenant_id    text        NOT NULL,
    type         text        NOT NULL,
    id           text        NOT NULL,
    identifier   text,
    status       text        NOT NULL,
    access       text        NOT NULL,
    reason       text,
    disabled_by  text,
    valid_until  timestamptz,
    version      bigint      NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    updated_by   text
);
CREATE INDEX IF NOT EXISTS statusflow_current_tenant ON statusflow_current (tenant_id);

-- The audit log: one row per event of status.events, keyed by its event id, so that a
-- redelivered event is the same row, not a second one.
CREATE TABLE IF NOT EXISTS statusflow_events (
    event_id          text        PRIMARY KEY,
    entity_key        text        NOT NULL,
    tenant_id         text        NOT NULL,
    target_type       text        NOT NULL,
    target_id         text        NOT NULL,
    previous_status   text,
    previous_access   text,
    current_status    text        NOT NULL,
    current_access    text        NOT NULL,
    cause             text        NOT NULL,
    command_id        text,
    actor_id          text,
    actor_type        text,
    actor_roles       text[],
    reason            text,
    valid_until       timestamptz,
    version           bigint      NOT NULL,
    occurred_at       timestamptz NOT NULL,
    UNIQUE (entity_key, version)
);
CREATE INDEX IF NOT EXISTS statusflow_events_tenant_time ON statusflow_events (tenant_id, occurred_at);
