-- The event journal (Delivery/Journal/PostgresEventJournal): the event log and the delivery work queue shared by
-- every node of the cluster.

-- Every accepted event, kept for the retention period. Ids come from the sequence and are never reused, so a reader
-- (archives, replays) can resume from a position.
CREATE TABLE event_log (
    id bigserial PRIMARY KEY,
    event_id text NOT NULL,
    bus_account text NOT NULL,
    bus_region text NOT NULL,
    bus_name text NOT NULL,
    envelope bytea NOT NULL,
    ingested_at timestamptz NOT NULL,
    hop integer NOT NULL
);
CREATE INDEX event_log_by_bus_time ON event_log (bus_account, bus_region, bus_name, ingested_at);

-- One row per delivery not yet finished. A row is either leased (lease_owner, lease_expires_at: a node works on it
-- until the expiry, by the database's clock) or waiting unleased until next_attempt_at (by the nodes' clocks: a
-- retry's backoff, or an append beyond the memory backlog, due at once).
CREATE TABLE delivery_queue (
    id bigserial PRIMARY KEY,
    event_ref bigint NOT NULL, -- event_log.id
    rule_account text NOT NULL,
    rule_region text NOT NULL,
    rule_bus text NOT NULL,
    rule_name text NOT NULL,
    target_id text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error_code text,
    last_error_message text,
    lease_owner text,
    lease_expires_at timestamptz,
    CHECK ((lease_owner IS NULL) = (lease_expires_at IS NULL))
);
-- Two partial indexes, so a row is in exactly one and the hot insert (rows leased to the appending node) pays for a
-- single entry besides the primary key: unleased rows by due time (claims of the disk backlog and of due retries),
-- leased rows by expiry (claims of a dead node's rows, the earliest expiry a claimer sleeps until, renewals).
CREATE INDEX delivery_queue_waiting ON delivery_queue (next_attempt_at, id) WHERE lease_owner IS NULL;
CREATE INDEX delivery_queue_leased ON delivery_queue (lease_expires_at, id) WHERE lease_owner IS NOT NULL;
