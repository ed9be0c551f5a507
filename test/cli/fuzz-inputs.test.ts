import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.js';
import { gitRepo } from '../helpers/git-repo.js';

/*
 * docs/reliability.md: whatever the item files and the config hold (random bytes, YAML edge cases,
 * huge values), `validate` and `plan` answer with diagnostics or a plan: never "internal error",
 * and they write nothing outside `.agent/` (the plan file, the cache and the runs live there).
 */

const fuzz = suite('fuzz: item files and configs');

const YAML_EDGES = [
  '---\nrun: &a x\nfiles: [*a, *a]\n---\n# T\n',
  '---\nfiles: !!binary aGVsbG8=\n---\n',
  '---\nestimate: .inf\n---\n# T\n',
  '---\nestimate: -1e309\nblocked_by: [1, 2, 3]\n---\n',
  '---\n? [a, b]\n: c\n---\n',
  '---\nrun: "\\0"\n---\n',
  '---\nrun: |\n  \n---\n',
  '---\ntitle: !!js/function "x"\n---\n',
  '---\n<<: {run: x}\n---\n',
  '---\nfiles: [' + '['.repeat(5000) + ']'.repeat(5000) + ']\n---\n',
  '---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\n',
  '\uFEFF---\nrun: x\n---\n# \u0000\n',
  '---\nblocked_by: 999999999999999999999999\n---\n',
  `---\ntitle: ${'x'.repeat(200_000)}\n---\n`,
];
const CONFIG_EDGES = [
  'queue: {dir: ../outside}\n',
  'plan: {file: /etc/passwd}\n',
  'plan: {file: .git/HEAD}\n',
  'queue: {dir: .git}\n',
  'autonomy: {max_parallel: 1e400}\n',
  'run: {command: "\\0"}\n',
  'analysis: {components: {a: [' + '"**",'.repeat(2000) + '"x"]}}\n',
  '*a\n',
  '[1, 2\n',
  'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n',
];

const bytes = fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b));
const edge = (list: string[]) => fc.constantFrom(...list).map((s) => Buffer.from(s));
const textish = fc.string({ maxLength: 400 }).map((s) => Buffer.from(`---\n${s}\n---\n# ${s}\n`));

/** Every path under `dir` with its size and mtime, except .git and .agent (where waveplan may write). */
function outsideAgent(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel)).flatMap((name) => {
    const path = rel ? `${rel}/${name}` : name;
    if (path === '.git' || path === '.agent') return [];
    const stat = statSync(join(dir, path));
    return stat.isDirectory() ? [path, ...outsideAgent(dir, path)] : [`${path} ${stat.size} ${stat.mtimeMs}`];
  });
}

async function run(cwd: string, argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t), cwd, env: { WAVEPLAN_RENDERER: 'silent' }, isTTY: false };
  const code = await main(argv, io);
  return { code, out };
}

fuzz('validate and plan never print "internal error" and never write outside .agent/', async () => {
  const dir = gitRepo(undefined, {
    'src/a.ts': 'export const a = 1;\n',
    '.agent/queue/001-pending-ok.md': '---\nfiles: [src/a.ts]\nrun: echo ok\n---\n# OK\n',
  });
  const before = outsideAgent(dir);
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.oneof(bytes, edge(YAML_EDGES), textish), { minLength: 1, maxLength: 3 }),
      fc.option(fc.oneof(bytes, edge(CONFIG_EDGES)), { nil: undefined }),
      async (items, config) => {
        const queue = join(dir, '.agent/queue');
        for (const name of readdirSync(queue)) if (name !== '001-pending-ok.md') rmSync(join(queue, name), { recursive: true, force: true });
        items.forEach((content, i) => writeFileSync(join(queue, `${String(i + 2).padStart(3, '0')}-pending-fuzz.md`), content));
        if (config === undefined) rmSync(join(dir, 'parallel.config.yaml'), { force: true });
        else writeFileSync(join(dir, 'parallel.config.yaml'), config);
        for (const argv of [['validate'], ['plan']]) {
          const { code, out } = await run(dir, argv);
          assert.not.match(out, 'internal error', `${argv.join(' ')}: ${out.slice(0, 2000)}`);
          assert.ok(code === 0 || code === 1, `${argv.join(' ')} exit ${code}: ${out.slice(0, 500)}`);
        }
        rmSync(join(dir, 'parallel.config.yaml'), { force: true });
        assert.equal(outsideAgent(dir), before, 'a file outside .agent/ was written');
      },
    ),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 20), seed: Number(process.env.FUZZ_SEED ?? 25) },
  );
  assert.is(execFileSync('git', ['status', '--porcelain', '--', '.', ':!.agent'], { cwd: dir, encoding: 'utf8' }), '');
});

fuzz.run();
