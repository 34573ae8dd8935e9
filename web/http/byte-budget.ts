/**
 * Bytes of request bodies read but not yet authenticated, summed over all requests. Anyone can send them, so
 * they are capped: a request that would pass the cap is refused (503) instead of being read into memory.
 * Each request takes from the budget through its own hold and gives everything back with one release().
 */
export interface ByteBudget {
  hold(): BudgetHold;
  inUse(): number;
}

export interface BudgetHold {
  /** Takes `bytes` if they fit under the cap; false (and nothing taken) if not. */
  take(bytes: number): boolean;
  /** Gives back all this hold took; safe to call more than once. */
  release(): void;
}

export function createByteBudget(limit: number): ByteBudget {
  let used = 0;
  return {
    inUse: () => used,
    hold() {
      let held = 0;
      return {
        take(bytes) {
          if (used + bytes > limit) return false;
          used += bytes;
          held += bytes;
          return true;
        },
        release() {
          used -= held;
          held = 0;
        },
      };
    },
  };
}
