-- The control plane (issue 9, part A): the versioned resource store and its change log, the named leases and the
-- state store's documents. The shapes follow the SQLite backends (Storage/Versioned/SqliteVersionedStore.cs,
-- Storage/Leases/SqliteLeaseStore.cs, Storage/SqliteStateStore.cs).

-- Names compare and sort by code point (COLLATE "C", the byte order of UTF-8), as SQLite's BINARY does, whatever the
-- database's locale: List's order is part of the store's contract, and the primary key serves it without a sort.
CREATE TABLE resources (
    kind text COLLATE "C" NOT NULL,
    account text COLLATE "C" NOT NULL,
    region text COLLATE "C" NOT NULL,
    name text COLLATE "C" NOT NULL,
    version bigint NOT NULL,
    -- NULL: deleted. The row stays so a re-created resource continues the version count.
    document text,
    PRIMARY KEY (kind, account, region, name)
);

-- The change feed. seq is handed out by resource_sequence, not by a sequence object: a sequence gives numbers in the
-- order transactions ask for them, not in the order they commit, so a reader could see N+1 before N.
CREATE TABLE resource_changes (
    seq bigint PRIMARY KEY,
    kind text COLLATE "C" NOT NULL,
    account text COLLATE "C" NOT NULL,
    region text COLLATE "C" NOT NULL,
    name text COLLATE "C" NOT NULL,
    version bigint NOT NULL,
    document text
);

-- One row: the last sequence handed out. Every commit takes it FOR UPDATE first, so commits (from every node) run one
-- at a time and become visible in sequence order; it also survives compaction (LastSequence never goes down).
CREATE TABLE resource_sequence (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    last_seq bigint NOT NULL
);
INSERT INTO resource_sequence (id, last_seq) VALUES (true, 0);

-- Named leases, judged by the database's clock so that every node's clock skew is irrelevant.
CREATE TABLE leases (
    name text PRIMARY KEY,
    holder text NOT NULL,
    expires_at timestamptz NOT NULL
);

-- IStateStore: one JSON document per (kind, key) (the scheduled rules' progress).
CREATE TABLE state_documents (
    kind text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    document text NOT NULL,
    PRIMARY KEY (kind, key)
);
