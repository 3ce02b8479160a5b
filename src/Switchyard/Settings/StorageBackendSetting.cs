namespace Switchyard.Settings;

/// <summary>Where the server keeps its state: SQLite files in the data directory (the default, nothing to install) or
/// one PostgreSQL database that several nodes share (a cluster, docs/cluster.md).</summary>
public enum StorageBackendSetting { Sqlite, Postgres }
