-- Cluster-wide InvocationRateLimitPerSecond of API destinations (docs/cluster.md, "Rate limits"): one row per
-- limiter (an API destination's ARN) and second of the database's clock, counting the calls granted in that second.
-- Nodes take small batches of tokens with INSERT ... ON CONFLICT DO UPDATE ... WHERE used + n <= limit.
-- UNLOGGED: the rows matter for a second; they are not written to the WAL, so taking tokens costs no WAL flush, and
-- after a database crash the table comes back empty (at worst one second's calls go out twice the limit).
CREATE UNLOGGED TABLE switchyard_rate_limit_windows (
    limiter text NOT NULL,
    window_second bigint NOT NULL,
    used integer NOT NULL,
    PRIMARY KEY (limiter, window_second)
);
