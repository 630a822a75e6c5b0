import { exec } from '@actions/exec';

export interface CommandOptions {
  cwd: string;
  /** The whole environment of the command (default: this process's). */
  env?: Record<string, string>;
  /** Receives output as it comes; the caller decides what to keep. */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

export interface CommandResult {
  /** null when a signal ended the command (@actions/exec does not say which). */
  exitCode: number | null;
}

/**
 * Runs a program (no shell unless the caller names one) through the Actions toolkit's runner,
 * which needs no Actions runtime: it is silent, never fails on a non-zero exit, and leaves the
 * output to the caller's listeners. A program that cannot be started rejects.
 */
export async function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  const exitCode: number | null = await exec(file, [...args], {
    cwd: options.cwd,
    ...(options.env ? { env: options.env } : {}),
    silent: true,
    ignoreReturnCode: true,
    listeners: {
      ...(options.onStdout ? { stdout: options.onStdout } : {}),
      ...(options.onStderr ? { stderr: options.onStderr } : {}),
    },
  });
  return { exitCode };
}
