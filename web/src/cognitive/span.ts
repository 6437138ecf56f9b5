// Working memory, number span: digits shown one at a time, then entered in order. The span is
// level + 1 digits (2 at level 1, 10 at level 9); a digit never follows itself.
import { int, type Rng } from './rng';

// Each digit stays on the screen this long, then a short blank before the next.
export const DIGIT_MS = 1200;
export const GAP_MS = 300;

export function spanLength(level: number): number {
  return level + 1;
}

export function spanTrial(level: number, r: Rng): number[] {
  const digits: number[] = [];
  while (digits.length < spanLength(level)) {
    const d = int(r, 10);
    if (d !== digits[digits.length - 1]) digits.push(d);
  }
  return digits;
}

// Right only when the whole sequence is entered exactly.
export function spanRight(digits: number[], entered: number[]): boolean {
  return digits.length === entered.length && digits.every((d, i) => d === entered[i]);
}
