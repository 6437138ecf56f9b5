// Writes the exercise and measure data the app needs (names, cues, alternatives) per language
// into public/data, from the catalogue in ../data.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

const root = new URL('../../data/', import.meta.url);
const out = new URL('../public/data/', import.meta.url);
mkdirSync(out, { recursive: true });
const exercises = JSON.parse(readFileSync(new URL('exercises.json', root), 'utf8')).exercises;
for (const lang of ['en', 'sv', 'pl']) {
  const map = {};
  for (const e of exercises) {
    map[e.id] = {
      name: e.names?.[lang] ?? e.names?.en ?? e.id,
      cues: e.cues?.[lang] ?? e.cues?.en ?? [],
      alternatives: e.alternatives ?? [],
      modality: e.modality,
    };
  }
  writeFileSync(new URL(`exercises.${lang}.json`, out), JSON.stringify(map));
}
const measures = JSON.parse(readFileSync(new URL('measures.json', root), 'utf8')).measures;
writeFileSync(new URL('measures.json', out), JSON.stringify(measures.map((m) => ({
  id: m.id, names: m.names, unit: m.unit, min: m.min, max: m.max, step: m.step,
  entry: m.entry, trials: m.trials?.count ?? 1, per_side: m.trials?.per_side ?? false,
  higher_is_better: m.higher_is_better, change_kind: m.meaningful_change?.kind ?? 'none',
  change_improve: m.meaningful_change?.improve ?? null, change_worsen: m.meaningful_change?.worsen ?? null,
}))));
console.log(`data: ${exercises.length} exercises, ${measures.length} measures`);
