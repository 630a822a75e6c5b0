import type { EngineMessage } from '../engines/engine.js';
import type { ServerMessage } from '../report/model.js';

/** Most messages one run keeps: a migration warning once per row must not flood the report. */
export const MAX_MESSAGES = 100;

/** What the server said during one run, tied to its statements; past the cap, only counted. */
export class ServerMessages {
  private readonly kept: ServerMessage[] = [];
  private omitted = 0;

  /** Keeps what fits under the cap and returns it (the log shows the same), counting the rest. */
  add(statementIndex: number, line: number, messages: readonly EngineMessage[]): EngineMessage[] {
    const room = Math.max(0, MAX_MESSAGES - this.kept.length);
    const kept = messages.slice(0, room);
    this.omitted += messages.length - kept.length;
    for (const m of kept) this.kept.push({ statementIndex, line, ...m });
    return kept;
  }

  /** The run's fields: absent when the server said nothing. */
  toJSON(): { messages?: ServerMessage[]; messagesOmitted?: number } {
    if (this.kept.length === 0) return {};
    return { messages: this.kept, ...(this.omitted > 0 ? { messagesOmitted: this.omitted } : {}) };
  }
}

/** One line of the statement log: "WARNING 1264: Out of range value … (detail; hint)". */
export function logLine(line: number, m: EngineMessage): string {
  const extra = [m.detail, m.hint && `hint: ${m.hint}`].filter(Boolean).join('; ');
  return `line ${line}: ${m.severity.toUpperCase()} ${m.code}: ${m.message}${extra ? ` (${extra})` : ''}`;
}
