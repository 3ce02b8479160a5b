-- Archives (Delivery/Journal/PostgresArchiveRows): the archived events, written by the event journal in the
-- transaction that journals each event, and each archive's totals kept in the same transactions.

-- One row per event and archive. Positions come from the sequence and are never reused, so a replay resumes after one.
CREATE TABLE archive_events (
    position bigserial PRIMARY KEY,
    archive text NOT NULL, -- the archive's ARN
    event_time timestamptz NOT NULL, -- the event's "time" (replays select by it)
    archived_at timestamptz NOT NULL, -- when the event was put (retention counts from it)
    size integer NOT NULL, -- the envelope's bytes
    envelope bytea NOT NULL
);
CREATE INDEX archive_events_by_time ON archive_events (archive, event_time, position);

-- Each archive's exact event count and bytes, so DescribeArchive reads one row instead of counting.
CREATE TABLE archive_totals (
    archive text PRIMARY KEY,
    event_count bigint NOT NULL,
    size_bytes bigint NOT NULL
);
