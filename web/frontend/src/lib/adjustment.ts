/** The adjust-points form as typed: `points` is the text of the field. */
export interface AdjustmentDraft {
  points: string;
  reason: string;
  allowNegative: boolean;
}

const pointsOf = (draft: AdjustmentDraft) => {
  const text = draft.points.trim();
  const points = /^[+-]?\d{1,7}$/.test(text) ? Number(text) : 0;
  return points === 0 ? null : points;
};

/** What POST /api/customers/:id/adjustments gets, or null while the draft is not a whole non-zero number. */
export function adjustmentBody(draft: AdjustmentDraft) {
  const points = pointsOf(draft);
  const reason = draft.reason.trim();
  if (points === null || !reason) return null;
  return { points, reason, ...(points < 0 && draft.allowNegative && { allowNegative: true }) };
}

/**
 * The fields a draft still lacks, to mark them when "Review" is pressed too early (a disabled button would not say
 * why). The server checks the request again (its limits, e.g. at most 1,000,000 points, are its own).
 */
export function missingFields(draft: AdjustmentDraft): Array<'points' | 'reason'> {
  return [
    ...(pointsOf(draft) === null ? (['points'] as const) : []),
    ...(draft.reason.trim() ? [] : (['reason'] as const)),
  ];
}
