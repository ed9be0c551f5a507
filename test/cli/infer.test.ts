import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../helpers/cli.js';
import { gitRepo } from '../helpers/git-repo.js';

/**
 * `waveplan infer` as a new user or an agent runs it (the built CLI, a real repository), on the
 * items agents really write (docs/inference.md, docs/queue-items.md).
 */
const infer = suite('waveplan infer, end to end');

const repo = {
  'src/greet.ts': 'export function greet() {\n  return "hi";\n}\n',
  'src/billing/invoice.ts': 'export const total = 1;\n',
  'src/billing/tax.ts': 'export const rate = 0.2;\n',
  'lib/other.ts': 'export const other = 2;\n',
};

infer('an item without sections is read whole: the prose under its title is its description', () => {
  const root = gitRepo(undefined, {
    ...repo,
    // No frontmatter, no ## headings: a title and a paragraph, as agents often write.
    '.agent/queue/001-pending-fix-the-greeting.md': '# Fix the greeting\n\nThe greeting returned by src/greet.ts is wrong.\n',
    '.agent/queue/002-pending-fix-the-greeting.md':
      '# Fix the greeting\n**Status**: pending\n\nThe greeting returned by src/greet.ts is wrong.\n\n## Success Criteria\n- [ ] it says hello\n',
  });
  const out = runCli(root, ['infer', '--json']);
  assert.is(out.code, 0, out.stderr);
  const items = (JSON.parse(out.stdout) as { items: Array<{ id: string; state: string; entries: Array<{ path: string }> }> }).items;
  for (const id of ['001', '002']) {
    const item = items.find((i) => i.id === id);
    assert.is(item?.state, 'inferred', `${id}: ${JSON.stringify(item)}`);
    assert.equal(
      item?.entries.map((e) => e.path),
      ['src/greet.ts'],
    );
  }
});

infer.run();
