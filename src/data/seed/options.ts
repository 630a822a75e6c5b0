export interface LoadOptions {
  /** Lines of the dump that were skipped (psql meta-commands, client commands) and other remarks, one sentence each. */
  onNote?: (message: string) => void;
}

/** application_name of the seed's own connections, so they can be told apart from the run's in pg_stat_activity. */
export const SEED_APPLICATION_NAME = 'migration-test seed';
