/**
 * The scenario ledger's tables, created beside the watch runtime's in the same SQLite file (one
 * database, so a trigger event's hand-over and the bundle that will process it commit together).
 */
export const LEDGER_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS scenario_versions (
     scenario TEXT NOT NULL,
     version TEXT NOT NULL,
     text TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     PRIMARY KEY (scenario, version)
   ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS scenario_state (
     scenario TEXT PRIMARY KEY,
     enabled INTEGER NOT NULL DEFAULT 0,
     consecutive_errors INTEGER NOT NULL DEFAULT 0,
     disabled_reason TEXT,
     last_run_at TEXT,
     last_status TEXT,
     owner_pid INTEGER,
     owner_host TEXT,
     owner_token TEXT
   )`,
  `CREATE TABLE IF NOT EXISTS scenario_runs (
     id TEXT PRIMARY KEY,
     scenario TEXT NOT NULL,
     version TEXT NOT NULL,
     trigger TEXT NOT NULL,
     incomplete_id TEXT,
     status TEXT NOT NULL,
     cycles INTEGER NOT NULL DEFAULT 0,
     bundles INTEGER NOT NULL DEFAULT 0,
     operations INTEGER NOT NULL DEFAULT 0,
     requests INTEGER NOT NULL DEFAULT 0,
     incompletes INTEGER NOT NULL DEFAULT 0,
     error TEXT,
     started_at TEXT NOT NULL,
     ended_at TEXT,
     owner_pid INTEGER,
     owner_host TEXT,
     recovered INTEGER NOT NULL DEFAULT 0
   )`,
  `CREATE INDEX IF NOT EXISTS scenario_runs_by_scenario ON scenario_runs (scenario, started_at)`,
  `CREATE INDEX IF NOT EXISTS scenario_runs_running ON scenario_runs (scenario) ` +
    `WHERE status IN ('running', 'interrupted') AND recovered = 0`,
  `CREATE TABLE IF NOT EXISTS scenario_bundles (
     id INTEGER PRIMARY KEY,
     scenario TEXT NOT NULL,
     run_id TEXT NOT NULL,
     cycle INTEGER NOT NULL,
     kind TEXT NOT NULL,
     event_key TEXT,
     start_module INTEGER NOT NULL,
     data TEXT NOT NULL,
     status TEXT NOT NULL,
     UNIQUE (scenario, event_key)
   )`,
  `CREATE INDEX IF NOT EXISTS scenario_bundles_open ON scenario_bundles (run_id) WHERE status = 'processing'`,
  `CREATE TABLE IF NOT EXISTS scenario_operations (
     id INTEGER PRIMARY KEY,
     run_id TEXT NOT NULL,
     bundle_id INTEGER,
     cycle INTEGER NOT NULL,
     module_id INTEGER NOT NULL,
     module TEXT NOT NULL,
     path TEXT NOT NULL,
     status TEXT NOT NULL,
     input TEXT,
     output TEXT,
     result TEXT,
     output_count INTEGER NOT NULL DEFAULT 0,
     filter_passed INTEGER,
     requests INTEGER NOT NULL DEFAULT 0,
     error TEXT,
     attempt INTEGER NOT NULL DEFAULT 1,
     started_at TEXT NOT NULL,
     duration_ms REAL,
     warnings TEXT,
     truncated INTEGER NOT NULL DEFAULT 0
   )`,
  `CREATE INDEX IF NOT EXISTS scenario_operations_by_run ON scenario_operations (run_id, id)`,
  `CREATE INDEX IF NOT EXISTS scenario_operations_by_bundle ON scenario_operations (bundle_id, path)`,
  `CREATE TABLE IF NOT EXISTS scenario_buffer (
     id INTEGER PRIMARY KEY,
     scenario TEXT NOT NULL,
     module_id INTEGER NOT NULL,
     value TEXT NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS scenario_buffer_in_order ON scenario_buffer (scenario, module_id, id)`,
  `CREATE TABLE IF NOT EXISTS scenario_incompletes (
     id TEXT PRIMARY KEY,
     scenario TEXT NOT NULL,
     version TEXT NOT NULL,
     run_id TEXT NOT NULL,
     bundle_id INTEGER NOT NULL,
     module_id INTEGER NOT NULL,
     reason TEXT NOT NULL,
     error TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS scenario_incompletes_by_scenario ON scenario_incompletes (scenario, status, created_at)`,
  `CREATE INDEX IF NOT EXISTS scenario_incompletes_due ON scenario_incompletes (next_attempt_at) ` +
    `WHERE status = 'unresolved'`,
];
