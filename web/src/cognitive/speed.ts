// Processing speed, pattern matching: two small grids of simple shapes side by side, the same
// or differing. Higher levels have more cells, more kinds of shape and subtler differences
// (one cell, turned into a similar shape).
import { int, pick, type Rng } from './rng';

// Cell kinds: 0 empty, 1 filled square, 2 filled circle, 3 triangle pointing up, 4 triangle
// pointing down, 5 ring.
export const KINDS = 6;
// The shape most like each kind: what a subtle difference turns it into.
const SIMILAR = [5, 2, 5, 4, 3, 2];

export interface SpeedTrial { size: number; a: number[]; b: number[]; same: boolean }

export function speedLevel(level: number) {
  return {
    size: level <= 3 ? 2 : level <= 8 ? 3 : level <= 14 ? 4 : 5,
    // Kinds of shape in use besides empty cells.
    kinds: Math.min(KINDS - 1, 1 + Math.floor((level - 1) / 3)),
    changed: level <= 4 ? 2 : 1,
    // The chance that a difference is a similar shape rather than any other.
    subtle: Math.max(0, Math.min(1, (level - 9) / 6)),
  };
}

// The time to answer in timed mode: 15 s at level 1, down to about 4.5 s at level 20.
export function speedWindowMs(level: number): number {
  return Math.round(Math.max(4000, 15000 - 550 * (level - 1)));
}

export function speedTrial(level: number, r: Rng): SpeedTrial {
  const { size, kinds, changed, subtle } = speedLevel(level);
  const n = size * size;
  const a: number[] = [];
  for (let i = 0; i < n; i++) a.push(r() < 0.4 ? 0 : 1 + int(r, kinds));
  // Never all empty: one shape at least.
  if (!a.some((k) => k > 0)) a[int(r, n)] = 1 + int(r, kinds);
  const same = r() < 0.5;
  const b = [...a];
  if (!same) {
    const cells = new Set<number>();
    while (cells.size < Math.min(changed, n)) cells.add(int(r, n));
    for (const i of cells) {
      const near = SIMILAR[a[i]];
      const others = Array.from({ length: kinds + 1 }, (_, k) => k).filter((k) => k !== a[i]);
      b[i] = r() < subtle && near <= kinds ? near : pick(r, others);
    }
  }
  return { size, a, b, same };
}

export function speedRight(trial: SpeedTrial, saidSame: boolean): boolean {
  return trial.same === saidSame;
}
