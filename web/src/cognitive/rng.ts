// A small seeded pseudo-random generator (mulberry32), so that every stimulus can be made
// again from its seed: the same seed, the same trials (tests, screenshots).
export type Rng = () => number;

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// A whole number from 0 to n - 1.
export function int(r: Rng, n: number): number {
  return Math.floor(r() * n);
}

export function pick<T>(r: Rng, list: readonly T[]): T {
  return list[int(r, list.length)];
}

export function shuffle<T>(r: Rng, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(r, i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// A fresh seed for a block (not reproducible on purpose: each block is new practice).
export function freshSeed(): number {
  return (Math.random() * 2 ** 32) >>> 0;
}
