/** The demo history's only source of chance: seeded, so every run plans and redeems the same (no Math.random). */

/** Pseudo-random numbers in [0, 1) from `seed` (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` bytes from `seed`: a redemption's discount code, the same on every run. */
export function seededBytes(seed: number, count: number): Uint8Array {
  const rand = random(seed);
  return Uint8Array.from({ length: count }, () => Math.floor(rand() * 256));
}
