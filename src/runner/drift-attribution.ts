import type { SchemaDifference, SchemaSnapshot } from '../engines/schema/snapshot.js';
import { diffSchemas } from '../engines/schema/snapshot.js';

/**
 * One migration of a batch pass (down in reverse order, or up again): the schema it should have
 * left (the schema of the first up pass at that point) and the schema it did leave.
 */
export interface DriftStep {
  migration: string;
  expected: SchemaSnapshot;
  actual: SchemaSnapshot;
}

export interface AttributedDrift {
  migration: string;
  /** The differences that first appeared after this migration ran. */
  diffs: SchemaDifference[];
}

export interface DriftAttribution {
  culprits: AttributedDrift[];
  /** Every difference after the last step, the starting point of a pass that follows. */
  remaining: SchemaDifference[];
}

/**
 * Two differences are the same drift when they say the same about the same object, expected
 * value included: when the expected value of a property changes from one step to the next, that
 * migration's up changed it, so its down had to restore it, and a difference still there is its.
 */
function driftKey(d: SchemaDifference): string {
  return `${d.change}\u0000${d.key}\u0000${d.details.join('\u0000')}`;
}

/**
 * Names the migration behind each difference of a batch pass. Compared with the schema the first
 * up pass had at the same point, the schema after each step differs by what earlier steps left
 * behind (carried along unchanged) plus what this step failed to undo or redo: a difference is
 * blamed on the step after which it first appears. So every difference the pass ends with is
 * blamed on exactly one migration, and a down that leaves something behind is named even when an
 * earlier migration's down later removes it along with its table (as per-migration mode would).
 *
 * `carried`: the differences the pass starts from (for the up-again pass, what the down pass left).
 */
export function attributeDrift(
  steps: readonly DriftStep[],
  carried: readonly SchemaDifference[] = [],
): DriftAttribution {
  const culprits: AttributedDrift[] = [];
  let before = new Set(carried.map(driftKey));
  let remaining: SchemaDifference[] = [...carried];
  for (const step of steps) {
    remaining = diffSchemas(step.expected, step.actual);
    const fresh = remaining.filter((d) => !before.has(driftKey(d)));
    if (fresh.length > 0) culprits.push({ migration: step.migration, diffs: fresh });
    before = new Set(remaining.map(driftKey));
  }
  return { culprits, remaining };
}
