/**
 * The cost of the vocabulary lookup alone on a queue (docs/inference.md, "The repository's vocabulary").
 *
 *   tsx bench/infer-eval.ts --repo MIRROR --queue-only inferred   # prints the checkout DIR
 *   tsx bench/infer-vocab-cost.ts DIR
 *
 * Prints the terms looked up and dropped as common, the occurrences found, and the CPU time of
 * the lookup: Node's own and git's (the children's, from /proc, Linux only). Compare builds by
 * alternating runs on the same DIR; the machine's load inflates wall time more than CPU time.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { workTreeReader } from '../src/io/node-fs.js';
import { gitPort } from '../src/io/git.js';
import { loadQueue } from '../src/tracking/load-queue.js';
import { contentTerms } from '../src/analyze/infer/content-terms.js';
import { itemText } from '../src/analyze/infer/text-evidence.js';
import { readVocabulary } from '../src/analyze/infer/read-vocabulary.js';
import { isOwnPath } from '../src/analyze/infer/repo-shape.js';

const work = resolve(process.argv[2] ?? '.');
const loaded = await loadQueue(workTreeReader(work), { root: work, env: {} });
const { files } = await gitPort(work).snapshot();
const children = () => {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, clock ticks of 10 ms
};
const gitBefore = children();
const cpu = process.cpuUsage();
const started = Date.now();
const vocabulary = await readVocabulary(
  work,
  loaded.items.map((item) => contentTerms(itemText(item))),
  files.filter(isOwnPath),
);
const used = process.cpuUsage(cpu);
const node = Math.round((used.user + used.system) / 1000);
const git = children() - gitBefore;
let occurrences = 0;
for (const row of vocabulary.occurrences.values()) for (const n of row.values()) occurrences += n;
console.log(
  JSON.stringify({
    items: loaded.items.length,
    looked: vocabulary.occurrences.size,
    common: vocabulary.common?.size ?? 0,
    occurrences,
    wallMs: Date.now() - started,
    cpuMs: node + git,
    nodeMs: node,
    gitMs: git,
  }),
);
