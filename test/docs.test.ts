import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT } from './helpers/git-repo.js';

// The docs are the contract (docs/architecture.md): source comments cite them, and every page a
// comment or a link names must be in the repository.

/** Files under `dir`, leaving out dot folders (`bench/.work` holds the evaluation's checkouts of other repositories). */
function walk(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full, keep) : keep(name) ? [full] : [];
    });
}

const sources = ['src', 'test', 'bench', 'scripts'].flatMap((d) => walk(join(REPO_ROOT, d), (n) => /\.(ts|mjs|js)$/.test(n)));
const pages = [join(REPO_ROOT, 'README.md'), ...walk(join(REPO_ROOT, 'docs'), (n) => n.endsWith('.md'))];

const citations = suite('source comments cite docs/ pages that exist');

citations('no source file cites the spec outside the repository', () => {
  const citing = sources.filter((f) => /\bSPEC\s*§/.test(readFileSync(f, 'utf8'))).map((f) => relative(REPO_ROOT, f));
  assert.equal(citing, []);
});

citations('every docs/*.md that src/, bench/ or scripts/ cites exists', () => {
  const missing: string[] = [];
  for (const file of sources.filter((f) => !relative(REPO_ROOT, f).startsWith('test'))) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      for (const m of line.matchAll(/\bdocs\/([a-z0-9-]+\.md)\b/g)) {
        // Inside backticks it is an example of a user's file (`002 reads docs/api.md`), not a citation.
        const quoted = (line.slice(0, m.index).match(/`/g)?.length ?? 0) % 2 === 1;
        if (!quoted && !existsSync(join(REPO_ROOT, 'docs', m[1]))) missing.push(`${relative(REPO_ROOT, file)}: docs/${m[1]}`);
      }
    }
  }
  assert.equal(missing, []);
});

citations.run();

const links = suite('README and docs links');

links('every relative link of README.md and docs/ leads to a file of the repository', () => {
  const missing: string[] = [];
  for (const page of pages) {
    const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const m of text.matchAll(/\]\(([^)\s#]+)(#[^)\s]*)?\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/.test(target)) continue;
      if (!existsSync(join(dirname(page), target))) missing.push(`${relative(REPO_ROOT, page)} → ${target}`);
    }
  }
  assert.equal(missing, []);
});

links('README.md is a guide: at most 350 lines, the formats live in docs/', () => {
  const lines = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').split('\n').length - 1;
  assert.ok(lines <= 350, `README.md has ${lines} lines; move details into a docs/ page`);
});

links.run();
