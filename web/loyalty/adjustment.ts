import { LoyaltyError } from './errors.js';

/** A manual adjustment as POST /api/customers/:id/adjustments accepts it, after validation. */
export interface AdjustmentRequest {
  points: number;
  reason: string;
  allowNegative: boolean;
}

export const MAX_ADJUSTMENT_POINTS = 1_000_000;
export const MAX_REASON_LENGTH = 500;

/** Validates the body; every problem in one 422 `invalid_adjustment`, like the program's settings. */
export function checkAdjustment(input: unknown): AdjustmentRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new LoyaltyError('invalid_adjustment', 'The adjustment must be a JSON object.', 422);
  const { points, reason, allowNegative } = input as Record<string, unknown>;
  const problems: string[] = [];
  if (
    typeof points !== 'number' ||
    !Number.isInteger(points) ||
    points === 0 ||
    Math.abs(points) > MAX_ADJUSTMENT_POINTS
  )
    problems.push(
      `points must be a non-zero whole number from -${MAX_ADJUSTMENT_POINTS} to ${MAX_ADJUSTMENT_POINTS}`,
    );
  const trimmed = typeof reason === 'string' ? reason.trim() : '';
  // characters as people count them (code points), not UTF-16 units
  const length = [...trimmed].length;
  if (length < 1 || length > MAX_REASON_LENGTH)
    problems.push(`reason must be 1-${MAX_REASON_LENGTH} characters`);
  if (allowNegative !== undefined && typeof allowNegative !== 'boolean')
    problems.push('allowNegative must be true or false');
  if (problems.length) throw new LoyaltyError('invalid_adjustment', problems.join('; '), 422);
  return { points: points as number, reason: trimmed, allowNegative: allowNegative === true };
}

/** What a key was first used for: the same key with another body is refused, not answered with the old result. */
export function adjustmentFingerprint(request: AdjustmentRequest): string {
  return JSON.stringify([request.points, request.reason, request.allowNegative]);
}
