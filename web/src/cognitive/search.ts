// Selective attention, visual search: is the target symbol in the grid? The target is a ring
// with a gap on one side. Higher levels have larger grids and distractors more like the target
// (rings with the gap on another side) instead of clearly different shapes.
import { int, pick, type Rng } from './rng';

// Symbols: 0-3 a ring with its gap at the top, right, bottom, left; 4 square, 5 cross, 6 dot,
// 7 bar.
export const SYMBOLS = 8;
const UNLIKE = [4, 5, 6, 7];

export interface SearchTrial { size: number; cells: number[]; target: number; present: boolean }

export function searchLevel(level: number) {
  return {
    size: level <= 3 ? 3 : level <= 7 ? 4 : level <= 12 ? 5 : 6,
    // The share of distractors that are rings like the target.
    similar: Math.min(1, (level - 1) / 10),
  };
}

export function searchTrial(level: number, r: Rng): SearchTrial {
  const { size, similar } = searchLevel(level);
  const target = int(r, 4);
  const rings = [0, 1, 2, 3].filter((g) => g !== target);
  const n = size * size;
  const cells: number[] = [];
  for (let i = 0; i < n; i++) cells.push(r() < similar ? pick(r, rings) : pick(r, UNLIKE));
  const present = r() < 0.5;
  if (present) cells[int(r, n)] = target;
  return { size, cells, target, present };
}

export function searchRight(trial: SearchTrial, saidYes: boolean): boolean {
  return trial.present === saidYes;
}
