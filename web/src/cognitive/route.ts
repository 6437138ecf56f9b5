// Planning: a small map with a start, a goal and walls; what is the fewest number of steps
// (up, down, left, right) from start to goal? Higher levels have larger maps and more walls,
// and from level 4 the walls force a way round. The map is always solvable; the answer is a
// breadth-first search.
import { int, shuffle, type Rng } from './rng';

export interface RouteTrial { size: number; walls: boolean[]; start: number; goal: number; answer: number; options: number[] }

export function routeLevel(level: number) {
  return { size: 4 + Math.floor((level - 1) / 3), walls: Math.min(0.3, 0.12 + 0.015 * level), detour: level >= 4 };
}

// The fewest steps from `from` to `to` on a size × size map, or -1 when there is no way.
export function fewestSteps(size: number, walls: boolean[], from: number, to: number): number {
  const dist = new Array<number>(size * size).fill(-1);
  dist[from] = 0;
  const queue = [from];
  for (let q = 0; q < queue.length; q++) {
    const at = queue[q];
    if (at === to) return dist[at];
    const x = at % size, y = Math.floor(at / size);
    for (const [dx, dy] of [[0, -1], [1, 0], [0, 1], [-1, 0]]) {
      const nx = x + dx, ny = y + dy;
      const next = ny * size + nx;
      if (nx < 0 || ny < 0 || nx >= size || ny >= size || walls[next] || dist[next] >= 0) continue;
      dist[next] = dist[at] + 1;
      queue.push(next);
    }
  }
  return -1;
}

function manhattan(size: number, a: number, b: number): number {
  return Math.abs((a % size) - (b % size)) + Math.abs(Math.floor(a / size) - Math.floor(b / size));
}

export function routeTrial(level: number, r: Rng): RouteTrial {
  const { size, walls: density, detour } = routeLevel(level);
  const n = size * size;
  let best: RouteTrial | null = null;
  for (let attempt = 0; attempt < 200; attempt++) {
    const walls = Array.from({ length: n }, () => r() < density);
    const start = int(r, n);
    const goal = int(r, n);
    walls[start] = walls[goal] = false;
    const straight = manhattan(size, start, goal);
    if (start === goal || straight < Math.max(2, size - 1)) continue;
    const answer = fewestSteps(size, walls, start, goal);
    if (answer < 0) continue;
    best = { size, walls, start, goal, answer, options: [] };
    // A way round the walls when the level asks for one; else the first solvable map.
    if (!detour || answer > straight) break;
  }
  if (!best) {
    // Every attempt failed (not seen in practice): an open map.
    const walls = new Array<boolean>(n).fill(false);
    best = { size, walls, start: 0, goal: n - 1, answer: 2 * (size - 1), options: [] };
  }
  best.options = routeOptions(best, level, r);
  return best;
}

// Three choices: the answer and two others; the straight-line count (ignoring walls) is one of
// them when it differs, since it is the likely slip. Far apart at low levels, close at high ones.
function routeOptions(t: RouteTrial, level: number, r: Rng): number[] {
  const d = level <= 4 ? 2 : 1;
  const straight = manhattan(t.size, t.start, t.goal);
  const others = new Set<number>();
  if (straight !== t.answer) others.add(straight);
  for (const c of shuffle(r, [t.answer - d, t.answer + d, t.answer + 2 * d, t.answer - 2 * d, t.answer + 3 * d])) {
    if (others.size >= 2) break;
    if (c > 0 && c !== t.answer) others.add(c);
  }
  return shuffle(r, [t.answer, ...others]);
}
