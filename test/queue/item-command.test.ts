import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { expandPlaceholders, shellQuote } from '../../src/queue/item-command.js';

/** What `sh` makes of each word: printed with a NUL after each, so newlines survive. */
function shellWords(words: string[], env: Record<string, string> = {}): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${words.join(' ')}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
  return out.split('\0').slice(0, -1);
}

const HOSTILE = [
  "Fix the user's cart",
  'Quote "double" and \'single\'',
  'Run $(rm -rf /) now',
  'Backticks `id` and ${HOME} and $HOME',
  'Two\nlines',
  'Semicolon; rm -rf ~ && echo pwned | cat > /tmp/x',
  '',
  ' leading and trailing spaces ',
  'glob * ? [a] ~user',
  "'",
  "\\'\\",
  'tab\there',
  'emoji ✓ and ümlauts',
  '-n',
];

const quote = suite('shellQuote');

quote('plain words stay as they are; anything else is single-quoted', () => {
  assert.is(shellQuote('001'), '001');
  assert.is(shellQuote('src/a.ts'), 'src/a.ts');
  assert.is(shellQuote('a b'), "'a b'");
  assert.is(shellQuote("it's"), "'it'\\''s'");
  assert.is(shellQuote(''), "''");
  assert.is(shellQuote('$(x)'), "'$(x)'");
});

quote('sh reads every hostile title back as exactly one word with the same text', () => {
  assert.equal(shellWords(HOSTILE.map(shellQuote)), HOSTILE);
});

quote('property: any text without NUL survives sh unchanged, as one word', () => {
  const text = fc
    .string({
      unit: fc.oneof(
        fc.constantFrom("'", '"', '`', '$', '(', ')', '\\', '\n', ' ', ';', '&', '|', '*', '{', '}', '#', '~', '!'),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
      ),
      maxLength: 30,
    })
    .filter((s) => !s.includes('\0'));
  fc.assert(
    fc.property(fc.array(text, { minLength: 1, maxLength: 20 }), (values) => {
      assert.equal(shellWords(values.map(shellQuote)), values);
    }),
    { numRuns: 40 },
  );
});

const expand = suite('expandPlaceholders');

expand("each placeholder becomes one quoted word; {item_file} is the run's WAVEPLAN_ITEM_FILE", () => {
  const item = { id: '007', title: 'Fix $(whoami) `id` "now"' };
  assert.is(
    expandPlaceholders('claude -p {item_file} --title {title} # {item_id}', item),
    `claude -p "$WAVEPLAN_ITEM_FILE" --title 'Fix $(whoami) \`id\` "now"' # 007`,
  );
  assert.is(expandPlaceholders('echo {item_id}{item_id}', item), 'echo 007007');
  assert.is(expandPlaceholders('npm run agent -- "$WAVEPLAN_ITEM_FILE"', item), 'npm run agent -- "$WAVEPLAN_ITEM_FILE"', 'no placeholder: unchanged');
  assert.is(expandPlaceholders('echo ${title} {unknown} {{title}}', item), `echo \${title} {unknown} {'Fix $(whoami) \`id\` "now"'}`);
});

expand('the expanded command, run by sh, hands each hostile title and the item file to the program unchanged', () => {
  for (const title of HOSTILE) {
    const command = expandPlaceholders("printf '%s\\0' {item_id} {title} {item_file}", { id: '012', title });
    const out = execFileSync('sh', ['-c', command], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', WAVEPLAN_ITEM_FILE: '/repo/.agent/queue/012-in_progress-a b.md' },
    });
    assert.equal(out.split('\0').slice(0, -1), ['012', title, '/repo/.agent/queue/012-in_progress-a b.md'], JSON.stringify(title));
  }
});

expand('a title that contains a placeholder is not expanded again', () => {
  assert.is(expandPlaceholders('echo {title}', { id: '1', title: 'see {item_id}' }), "echo 'see {item_id}'");
});

quote.run();
expand.run();
