/**
 * Errors that end a run before or outside migration execution. Each carries the exit code
 * of the CLI contract: 2 for usage, configuration and connection problems.
 */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The migrations directory or one of its files cannot be used as given. */
export class MigrationSourceError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationSourceError';
  }
}

export class ConnectionError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionError';
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
