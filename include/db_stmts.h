/* Every SQL statement of the product: DB_STMT(id, read-only, text). */
DB_STMT(DB_PING, 1, "SELECT 1")
DB_STMT(DB_MIGRATION_APPLIED, 1,
    "SELECT version FROM schema_migrations WHERE version = ?")
DB_STMT(DB_MIGRATION_RECORD, 0,
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES (?, ?, UTC_TIMESTAMP())")
