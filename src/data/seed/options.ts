export interface LoadOptions {
  /** Lines of the dump that were skipped (psql meta-commands, client commands) and other remarks, one sentence each. */
  onNote?: (message: string) => void;
}
