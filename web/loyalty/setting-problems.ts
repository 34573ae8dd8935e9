import { LoyaltyError } from './errors.js';

/**
 * One thing wrong with program settings as the merchant sent them. `field` is the path the panel puts the message
 * next to (`earnRate`, `redemptionOptions.1.pointsCost`, `returnVisit.tierUplift.Gold`); `message` says what is
 * wrong without naming the field ("must be a non-negative decimal").
 */
export interface SettingProblem {
  field: string;
  message: string;
  /**
   * How the error's one-line message names the field when that is not the path with `[n]` for list positions:
   * a map key (`returnVisit.tierUplift["Gold"]`), or '' for a problem whose message stands alone.
   */
  label?: string;
}

/** The problem as the error's message lists it: `redemptionOptions[1].pointsCost must be ...`. */
export function problemText(problem: SettingProblem): string {
  const name = problem.label ?? problem.field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  return name ? `${name} ${problem.message}` : problem.message;
}

/**
 * The one 422 for settings: `message` lists every problem in one line (as it always has), `problems` lists them
 * by field, so the panel can show each one inline.
 */
export function invalidProgram(problems: readonly SettingProblem[]): LoyaltyError {
  return new LoyaltyError('invalid_program', problems.map(problemText).join('; '), 422, {
    problems: problems.map(({ field, message }) => ({ field, message })),
  });
}
