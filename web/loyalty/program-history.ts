/** One setting's change between two consecutive program versions. */
export interface SettingChange {
  setting: string;
  from: unknown;
  to: unknown;
}

/**
 * The top-level settings that differ between two versions, in the order of `keys`. Values are compared as JSON
 * (deeply, object key order ignored), since options and the return-visit settings are nested objects.
 */
export function settingChanges<T extends object>(
  previous: T,
  next: T,
  keys: ReadonlyArray<keyof T & string>,
): SettingChange[] {
  return keys
    .filter((key) => !sameJson(previous[key], next[key]))
    .map((key) => ({ setting: key, from: previous[key], to: next[key] }));
}

export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameJson(item, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  // JSON leaves out undefined members, so a key holding undefined equals a missing key
  const keysOf = (o: object) =>
    Object.keys(o)
      .filter((k) => (o as Record<string, unknown>)[k] !== undefined)
      .sort();
  const [ka, kb] = [keysOf(a), keysOf(b)];
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
