import type { Problem } from '../shell/api-client';

/** `redemptionOptions[1].pointsCost` and `redemptionOptions.1.pointsCost` name the same field. */
export function normalizeField(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

export interface FieldProblems {
  /** Message(s) per field path the form shows, e.g. `returnVisit.percentage`. */
  byField: Record<string, string>;
  /** Problems no field of the form shows: they go in a banner. */
  unmatched: Problem[];
}

/**
 * Puts each problem of a 422 on the form field its path names, when the form has that field; the rest are left
 * for a banner, so no problem the server reported goes unseen.
 */
export function problemsByField(problems: readonly Problem[], fields: ReadonlySet<string>): FieldProblems {
  const byField: Record<string, string> = {};
  const unmatched: Problem[] = [];
  for (const problem of problems) {
    const field = normalizeField(problem.field);
    if (!fields.has(field)) {
      unmatched.push(problem);
      continue;
    }
    byField[field] = byField[field] ? `${byField[field]} ${problem.message}` : problem.message;
  }
  return { byField, unmatched };
}

/** Every message on fields under `prefix.` (one redemption option's), for the list row that summarises it. */
export function messagesUnder(byField: Record<string, string>, prefix: string): string[] {
  return Object.entries(byField)
    .filter(([field]) => field.startsWith(`${prefix}.`))
    .map(([, message]) => message);
}
