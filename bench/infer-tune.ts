/**
 * The tuning set of footprint inference (docs/inference.md, "Held-out evaluation"): several
 * repositories, each at several windows of 40 commits, one `bench/infer-eval.ts --json` per
 * sample, and the pooled totals a rule is kept or dropped on.
 *
 *   tsx bench/infer-tune.ts [--skips 0,40,80,120] [--out DIR] REPO_PATH...
 *
 * REPO_PATH is a git repository (a fetched mirror). Each sample's JSON goes to DIR (default a new
 * temp folder). Printed: one line per sample, then the totals (micro precision and recall over
 * all samples' files). The numbers depend only on the histories and the build, not on the load.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { skips: { type: 'string' }, out: { type: 'string' } } });
if (positionals.length === 0) {
  console.error('usage: tsx bench/infer-tune.ts [--skips 0,40,80,120] [--out DIR] REPO_PATH...');
  process.exit(1);
}
const skips = (values.skips ?? '0,40,80,120').split(',').map(Number);
const out = values.out ? resolve(values.out) : mkdtempSync(join(tmpdir(), 'infer-tune-'));
mkdirSync(out, { recursive: true });
const evalScript = resolve(import.meta.dirname, 'infer-eval.ts');

interface Sample {
  repository: string;
  items: number;
  unknown: number;
  precision: number;
  recall: number;
  claimedFiles: number;
  trueFiles: number;
  waves: number;
  trulyConflictingTogether: number;
}

const total = { items: 0, unknown: 0, claimed: 0, right: 0, trueFiles: 0, waves: 0, pairs: 0 };
for (const path of positionals) {
  const repo = resolve(path);
  const name = basename(repo) === 'repo' ? basename(resolve(repo, '..')) : basename(repo);
  for (const skip of skips) {
    const sample = `${name}-s${skip}`;
    const json = execFileSync(process.execPath, ['--import', 'tsx', evalScript, '--repo', repo, '--skip', String(skip), '--json', '--name', sample], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    writeFileSync(join(out, `${sample}.json`), json);
    const r = JSON.parse(json) as Sample;
    const right = Math.round(r.precision * r.claimedFiles);
    console.log(
      `${sample.padEnd(28)} unknown ${String(r.unknown).padStart(2)}  precision ${r.precision.toFixed(2)}  recall ${r.recall.toFixed(2)}  waves ${r.waves}  pairs ${r.trulyConflictingTogether}`,
    );
    total.items += r.items;
    total.unknown += r.unknown;
    total.claimed += r.claimedFiles;
    total.right += right;
    total.trueFiles += r.trueFiles;
    total.waves += r.waves;
    total.pairs += r.trulyConflictingTogether;
  }
}
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b).toFixed(3);
console.log(
  `TOTAL items ${total.items} unknown ${total.unknown} (${((100 * total.unknown) / total.items).toFixed(1)}%) precision ${ratio(total.right, total.claimed)} recall ${ratio(total.right, total.trueFiles)} waves ${total.waves} pairs ${total.pairs}`,
);
console.log(`samples: ${out}`);
