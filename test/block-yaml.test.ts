import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isScalar, parse, stringify, visit } from 'yaml';
import { emitYaml, emitYamlBytes, readBlockYaml, type YamlValue } from '../src/block-yaml.js';
import { REPO_ROOT } from './helpers/git-repo.js';

const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, indentSeq: true, aliasDuplicateObjects: false } as const;

/** Strings a plan may hold, with YAML's awkward cases mixed in. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom(
    '001',
    '#12',
    'yes',
    'No',
    'null',
    '~',
    '1e5',
    '0x1F',
    '0o17',
    '.5',
    '-.inf',
    '.NaN',
    'a: b',
    'a:b',
    'ok:',
    '- x',
    '-',
    '?',
    '? x',
    ':x',
    '#c',
    'x #c',
    'x#c',
    ' lead',
    'trail ',
    '"q"',
    "it's",
    '"a\'b"',
    'src/a.ts → src/b.ts',
    '---x',
    '...',
    '%x',
    '@x',
    '`x`',
    '!x',
    '&x',
    '*x',
    '|x',
    '>x',
    '[x]',
    '{x}',
    ',x',
    'a\nb',
    'a \n b',
    '\t',
    'x\ty',
    '\u0007',
    '\u2028',
    'ünïcödé ✓',
    '',
    'True',
    'FALSE',
    'NULL',
    'nullx',
    'Infinity',
    'e5',
    'a - b',
    'x-',
    '_x',
    '/abs/a.ts',
    'pkg@1.0/x',
    'a → b ',
    'a →',
    '123',
    '0123',
    'x y z',
  ),
);
const value: fc.Arbitrary<YamlValue> = fc.letrec<{ v: YamlValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(
      text.filter((k) => k !== '__proto__'),
      tie('v'),
      { maxKeys: 4 },
    ),
  ),
})).v;
const document = fc.dictionary(
  text.filter((k) => k !== '__proto__'),
  value,
  { maxKeys: 6 },
);

/** Line breaks and control characters: the one place the emitter quotes where `yaml` writes a block scalar. */
function hasBreaksOrControls(v: unknown): boolean {
  // eslint-disable-next-line no-control-regex -- the emitter's own rule: control characters force quoting
  if (typeof v === 'string') return /[\x00-\x08\x0a-\x1f\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v);
  if (v && typeof v === 'object') return Object.entries(v).some(([k, x]) => hasBreaksOrControls(k) || hasBreaksOrControls(x));
  return false;
}

const emit = suite("emitYaml (the plan file's YAML writer)");

emit('reads back as exactly the data it was given, for any JSON-shaped data', () => {
  fc.assert(
    fc.property(document, (doc) => {
      assert.equal(parse(emitYaml(doc)), JSON.parse(JSON.stringify(doc)));
    }),
    { numRuns: 2000 },
  );
});

emit('writes the same bytes as yaml.stringify, except for strings with line breaks or control characters', () => {
  fc.assert(
    fc.property(
      document.filter((doc) => !hasBreaksOrControls(doc)),
      (doc) => {
        assert.is(emitYaml(doc), stringify(doc, YAML_OPTIONS));
      },
    ),
    { numRuns: 2000 },
  );
});

emit('emitYamlBytes is emitYaml in UTF-8, header first, for any data', () => {
  fc.assert(
    fc.property(document, fc.string({ unit: 'grapheme', maxLength: 20 }), (doc, header) => {
      assert.ok(emitYamlBytes(doc, header).equals(Buffer.from(header + emitYaml(doc))));
    }),
    { numRuns: 1000 },
  );
});

emit('emitYamlBytes past its 1 MB chunks: multi-byte characters at every offset, one string longer than a chunk', () => {
  // 3-byte `→` and 4-byte emoji shift where each 4 KB flush and each chunk boundary falls.
  const evidence = Array.from({ length: 9000 }, (_, i) => `${'x'.repeat(i % 7)}src/a${i}.ts → src/😀/b.ts → ${'é'.repeat(i % 5)}c.ts`);
  const doc = { conflicts: evidence.map((e, i) => ({ kind: 'data', a: String(i).padStart(3, '0'), b: '#12', evidence: e })), long: 'ü→'.repeat(700_000) };
  const bytes = emitYamlBytes(doc, '# head\n');
  assert.ok(bytes.length > 3 << 20);
  assert.ok(bytes.equals(Buffer.from(`# head\n${emitYaml(doc)}`)));
  // A size hint (the last plan's size) only sizes the first buffer: exact, short, long, absurd.
  for (const hint of [bytes.length, bytes.length - 1, 1, bytes.length * 2, Number.MAX_SAFE_INTEGER])
    assert.ok(emitYamlBytes(doc, '# head\n', hint).equals(bytes), `hint ${hint}`);
});

emit('quotes what YAML would read as another type or as syntax', () => {
  const out = emitYaml({
    ids: ['001', '#12', 'true', 'null', '1.5', 'a: b', '- x', '"q"', "it's", 'a\nb', ''],
    path: 'src/a.ts → src/b.ts',
    empty: [],
    none: {},
  });
  assert.is(
    out,
    [
      'ids:',
      '  - "001"',
      '  - "#12"',
      '  - "true"',
      '  - "null"',
      '  - "1.5"',
      '  - "a: b"',
      '  - "- x"',
      `  - '"q"'`,
      `  - it's`,
      '  - "a\\nb"',
      '  - ""',
      'path: src/a.ts → src/b.ts',
      'empty: []',
      'none: {}',
      '',
    ].join('\n'),
  );
});

emit.run();

const read = suite("readBlockYaml (the plan file's fast reader)");

/** yaml's output with every list of scalars in flow style (`[a, b]`), as people write configs. */
function flowStyled(doc: unknown): string {
  const d = new Document(doc);
  visit(d, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return d.toString(YAML_OPTIONS);
}

/** A trailing comment on every other line (inside a block scalar it is text, and the reader must bail). */
function commented(text: string): string {
  return text
    .split('\n')
    .map((line, i) => (line !== '' && i % 2 === 0 ? `${line} # note ${i}` : line))
    .join('\n');
}

read('reads what emitYaml and yaml.stringify write exactly as yaml.parse does, flow lists and comments too', () => {
  fc.assert(
    fc.property(document, (doc) => {
      const texts = [emitYaml(doc), stringify(doc, YAML_OPTIONS), flowStyled(doc)];
      for (const text of [...texts, ...texts.map(commented)]) {
        const fast = readBlockYaml(text);
        if (fast) assert.equal(fast.value, parse(text), text);
      }
      // Its own writer's output never needs the slow path.
      assert.ok(readBlockYaml(emitYaml(doc)) !== undefined || Object.keys(doc).length === 0, emitYaml(doc));
    }),
    { numRuns: 2000 },
  );
});

read('reads configs and frontmatter as people write them, as yaml.parse does', () => {
  for (const file of ['parallel.config.yaml', 'fixtures/demo/parallel.config.yaml']) {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    assert.equal(readBlockYaml(text)?.value, parse(text), file);
  }
  const frontmatter = 'files: [src/billing/invoice.ts, src/lib/money.ts]  # what it writes\nestimate: 2\nblocked_by: []\n';
  assert.equal(readBlockYaml(frontmatter)?.value, parse(frontmatter));
});

read('hands whatever it does not fully understand to the full parser', () => {
  for (const text of [
    'a: "b # open\n',
    'a: [1, [2]]\n',
    'a: ["x", y]\n',
    'a: [x, , y]\n',
    'a: {b: 1}\n',
    'a: |\n  x\n',
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'a: "\\x41"\n',
    'a: 1\na: 2\n',
    '  a: 1\n',
    'a:\n- 1\n',
    '---\na: 1\n',
    'a: b\n  c\n',
    'a: .inf\n',
    '"a": 1\n"b\n',
    '',
  ]) {
    assert.is(readBlockYaml(text), undefined, JSON.stringify(text));
  }
  assert.equal(readBlockYaml('# header\na: 1 # a comment\n')?.value, { a: 1 });
  assert.equal(readBlockYaml('# header\n\na:\n  - "001"\n  - x: 1\n    y: [] \n'), undefined, 'trailing space');
  assert.equal(readBlockYaml('# header\n\na:\n  - "001"\n  - x: 1\n    y: []\n')?.value, { a: ['001', { x: 1, y: [] }] });
});

read.run();
