import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { appendNote, formatNote, setStatusLine, tailLines, withoutRunNotes } from '../../src/queue/item-text.js';

const status = suite('setStatusLine');

status('replaces the line, keeping its shape', () => {
  assert.is(setStatusLine('# T\n- **Status:** pending\nbody\n', 'in_progress'), '# T\n- **Status:** in_progress\nbody\n');
  assert.is(setStatusLine('# T\n**Status**: pending\n', 'blocked'), '# T\n**Status**: blocked\n');
});

status('inserts after the H1 when absent, after the frontmatter', () => {
  assert.is(setStatusLine('---\nfiles: [a]\n---\n# Title\n\ntext\n', 'completed'), '---\nfiles: [a]\n---\n# Title\n**Status**: completed\n\ntext\n');
  // Under a setext title, never between its line and its ===, which would make the status part of the heading.
  assert.is(setStatusLine('Router cleanup\n===\n\ntext\n', 'completed'), 'Router cleanup\n===\n**Status**: completed\n\ntext\n');
  assert.is(setStatusLine('no title\n', 'pending'), '**Status**: pending\nno title\n');
});

status('ignores status lines inside code fences and keeps CRLF', () => {
  const text = '# T\r\n```\r\n**Status**: pending\r\n```\r\n**Status**: pending\r\n';
  assert.is(setStatusLine(text, 'completed'), '# T\r\n```\r\n**Status**: pending\r\n```\r\n**Status**: completed\r\n');
});

status.run();

const notes = suite('appendNote');

notes('creates the section at the end', () => {
  assert.is(appendNote('# T\n\n## Description\nx\n\n\n', '- a note'), '# T\n\n## Description\nx\n\n## Notes\n\n- a note\n');
});

notes('appends to an existing section that is not last', () => {
  const text = '# T\n## Notes\n\n- old\n\n## Success Criteria\n- [ ] y\n';
  assert.is(appendNote(text, '- new'), '# T\n## Notes\n\n- old\n\n- new\n\n## Success Criteria\n- [ ] y\n');
});

notes('appends twice in order', () => {
  const once = appendNote('# T\n', '- one');
  assert.is(appendNote(once, '- two'), '# T\n\n## Notes\n\n- one\n\n- two\n');
});

notes.run();

const format = suite('formatNote');

format('quotes output in a fence that output cannot close', () => {
  const note = formatNote({ time: new Date('2026-11-27T23:01:02.345Z'), message: 'blocked: exit 2', output: ['x', '```', ''] });
  assert.is(note, '- 2026-11-27T23:01:02Z blocked: exit 2\n\n  ```text\n  x\n  \\```\n\n  ```');
});

format('tailLines keeps the last lines without colour', () => {
  const out = Array.from({ length: 30 }, (_, i) => `\x1b[31mline ${i}\x1b[0m`).join('\n') + '\n';
  const tail = tailLines(out, 20);
  assert.is(tail.length, 20);
  assert.is(tail[0], 'line 10');
  assert.is(tail[19], 'line 29');
  assert.equal(tailLines(''), []);
});

format.run();

const own = suite('withoutRunNotes');

own("leaves out the notes waveplan's runs wrote, output included; keeps what people wrote and a requeue's reason", () => {
  const blocked = formatNote({
    time: new Date('2026-11-27T23:01:02Z'),
    message: 'blocked by waveplan apply run 20261127T230000-ab12: exit 2',
    output: ['FAIL src/tax.test.ts', '', 'at x'],
  });
  const requeued = formatNote({ time: new Date('2026-11-28T09:00:00Z'), message: 'requeued by `waveplan requeue`: the tax table moved to src/rates.ts' });
  const section = ['Talked to Ana: keep the old API.', '', blocked, '', requeued, '', '- also check the docs'].join('\n');
  assert.is(withoutRunNotes(section), 'Talked to Ana: keep the old API.\n\n- the tax table moved to src/rates.ts\n\n- also check the docs');
  assert.is(withoutRunNotes(blocked), '');
});

own.run();
