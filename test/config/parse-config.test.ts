import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfig } from '../../src/config/defaults.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { readConfig } from '../../src/config/read-config.js';
import { workTreeReader } from '../../src/io/node-fs.js';
import { tempDir, writeFiles } from '../helpers/git-repo.js';

const parse = suite('parseConfig');

parse('empty file = defaults', () => {
  assert.equal(parseConfig('', 'parallel.config.yaml'), { config: defaultConfig(), diagnostics: [] });
});

parse('every key of docs/config.md', () => {
  const { config, diagnostics } = parseConfig(
    `queue: { dir: work/queue/ }
tracking: { provider: github, github: { repo: acme/shop } }
autonomy: { level: L3, max_parallel: 8, continue_on_error: false }
git: { base: develop }
analysis:
  tsconfig: tsconfig.base.json
  import_graph: false
  components: { web: [web/**] }
  resources: { db: [db/**] }
plan: { file: plan.yaml }
hook: { mode: check }
run: { command: make agent, isolation: worktree }
`,
    'parallel.config.yaml',
  );
  assert.equal(diagnostics, []);
  assert.is(config.queue.dir, 'work/queue');
  assert.is(config.tracking.provider, 'github');
  assert.equal(config.autonomy, { level: 'L3', max_parallel: 8, continue_on_error: false });
  assert.equal(config.analysis.components, { web: ['web/**'] });
  assert.is(config.hook.mode, 'check');
  assert.is(config.run.isolation, 'worktree');
});

parse('autonomy.l3_settings.max_parallel is an alias; the direct key wins', () => {
  assert.is(parseConfig('autonomy:\n  l3_settings: { max_parallel: 7 }\n', 'c').config.autonomy.max_parallel, 7);
  assert.is(parseConfig('autonomy:\n  max_parallel: 2\n  l3_settings: { max_parallel: 7 }\n', 'c').config.autonomy.max_parallel, 2);
});

parse('errors carry line, column, expected, found and a hint', () => {
  const { diagnostics } = parseConfig('autonomy:\n  level: L4\nhooks:\n  mode: stage\n', 'parallel.config.yaml');
  const [level, hooks] = diagnostics;
  assert.is(diagnostics.length, 2);
  assert.equal([level.line, level.col, level.found], [2, 10, '"L4"']);
  assert.match(level.expected ?? '', /L1 \| L2 \| L3/);
  assert.equal([hooks.line, hooks.col, hooks.code], [3, 1, 'CONFIG_UNKNOWN_KEY']);
  assert.match(hooks.hint ?? '', /did you mean "hook"\?/);
});

parse('a wrong value says what the key holds and how to write it, not an example of other keys', () => {
  // Was: `must match pattern "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"`, and for both an example of autonomy and analysis.
  const { diagnostics } = parseConfig(
    'tracking:\n  provider: github\n  github:\n    repo: acme\n    fallback_to_files: yes\nrun: { min_free_memory: 2 gigs }\n',
    'parallel.config.yaml',
  );
  const [repo, fallback, memory] = diagnostics;
  assert.is(diagnostics.length, 3);
  assert.equal([repo.line, repo.col, repo.found], [4, 11, '"acme"']);
  assert.is(repo.expected, 'owner/name (e.g. acme/shop); default: the origin remote');
  assert.is(repo.message, 'tracking.github.repo has the wrong form');
  assert.not.match(repo.hint ?? '', /autonomy|\^/);
  assert.is(repo.hint, 'tracking.github.repo: owner/name (e.g. acme/shop); default: the origin remote. Every key: docs/config.md of waveplan');
  assert.is(fallback.expected, 'true or false');
  assert.match(fallback.hint ?? '', /write true or false: YAML reads "yes" as text/);
  assert.is(memory.expected, 'Hold new starts while free memory is below this (e.g. 10% or 2GiB)');
});

parse.run();

const read = suite('readConfig');

read('no config: defaults, provider from .agent/tracking.config.json', async () => {
  const dir = tempDir();
  writeFiles(dir, { '.agent/tracking.config.json': JSON.stringify({ issue_tracking: { provider: 'github' } }) });
  const result = await readConfig(workTreeReader(dir));
  assert.equal(result.diagnostics, []);
  assert.is(result.config.tracking.provider, 'github');
  assert.is(result.config.autonomy.max_parallel, 5);
});

read('no files at all: plain defaults', async () => {
  const result = await readConfig(workTreeReader(tempDir()));
  assert.equal(result.config, defaultConfig());
  assert.is(result.source, undefined);
});

read.run();
