import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { DEFAULT_PRIORITY, type Item, type Priority, type Status } from '../types.js';
import { schemaErrors } from '../schemas.js';
import { didYouMean } from '../suggest.js';
import { readBlockYaml } from '../block-yaml.js';
import { isMapDocument, parseYaml, pointerToPath, positionOf } from '../yaml-position.js';
import { splitMarkdown, type KeyLine } from './markdown.js';
import { isNoPath, parseIdList, parsePathList, parsePriority, parseStatus, priorityHint, refNameProblem } from './item-fields.js';
import { normalPath, pathProblem } from '../repo-path.js';
import { parseFileSymbol } from '../file-symbol.js';
import { withoutRunNotes } from './item-text.js';
import { visibleControls } from '../text.js';

export interface ItemSource {
  /** Repo-relative POSIX path. */
  file: string;
  id: string;
  status: Status;
  slug: string;
  text: string;
}

export const ITEM_EXAMPLE = `---
files: [src/api/**]
estimate: 2
---
# Add login endpoint
**Status**: pending
**Priority**: p1
**BlockedBy**: 001, 004`;

export const FRONTMATTER_KEYS = [
  'files',
  'reads',
  'resources',
  'components',
  'branch',
  'estimate',
  'run',
  'priority',
  'blocked_by',
  'blocks',
  'assignee',
  'title',
];
const KNOWN_KEY_LINES = [
  'status',
  'priority',
  'assignee',
  'blocks',
  'blockedby',
  'files',
  'estimate',
  'branch',
  'type',
  'created',
  'updated',
  'id',
  'owner',
  'labels',
  'tags',
  'component',
  'components',
  'effort',
  'size',
];
const BLOCKED_BY_KEYS = new Set(['blockedby', 'dependson', 'dependencies', 'depends']);

/** An item's machine fields, as its frontmatter (or an issue's waveplan block) spells them (schemas/queue-item.schema.json). */
export type Frontmatter = {
  files?: string | string[];
  reads?: string | string[];
  resources?: string | string[];
  components?: string | string[];
  branch?: string;
  estimate?: number;
  run?: string;
  priority?: string;
  blocked_by?: string | number | Array<string | number>;
  blocks?: string | number | Array<string | number>;
  assignee?: string;
  title?: string;
};

/** Text of one item file → the item and every problem found in it (pure). */
export function parseItem(source: ItemSource): { item: Item; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (line: number, col: number, d: Omit<Diagnostic, 'file' | 'line' | 'col' | 'severity'> & { severity?: Diagnostic['severity'] }) =>
    diagnostics.push(diagnostic({ file: source.file, line, col, ...d }));
  const parts = splitMarkdown(source.text);
  const fm = readFrontmatter(source, parts.frontmatter, diagnostics);

  const keyLines = new Map<string, KeyLine>();
  for (const k of parts.keyLines) if (!keyLines.has(normalKey(k.key))) keyLines.set(normalKey(k.key), k);

  let priority: Priority = DEFAULT_PRIORITY;
  const priorityLine = keyLines.get('priority');
  const priorityText = priorityLine?.value ?? fm.priority;
  if (priorityText !== undefined && priorityText !== '') {
    const parsed = parsePriority(String(priorityText));
    if (parsed.ok) priority = parsed.value;
    else
      at(priorityLine?.line ?? 1, priorityLine?.col ?? 1, {
        code: 'ITEM_PRIORITY',
        message: 'unknown priority',
        expected: 'p0 | p1 | p2 | p3 | high | medium | low',
        found: parsed.found,
        hint: priorityHint(parsed.found),
      });
  }

  let bodyStatus: Status | undefined;
  const statusLine = keyLines.get('status');
  if (statusLine) {
    const parsed = parseStatus(statusLine.value);
    if (!parsed.ok) {
      at(statusLine.line, statusLine.col, {
        code: 'ITEM_STATUS',
        message: 'unknown **Status** value',
        expected: 'pending | in_progress | completed | blocked',
        found: parsed.found,
        hint: didYouMean(parsed.found, ['pending', 'in_progress', 'completed', 'blocked']) ?? `the filename says ${source.status}`,
      });
    } else {
      bodyStatus = parsed.value;
      if (bodyStatus !== source.status) {
        at(statusLine.line, statusLine.col, {
          severity: 'warning',
          code: 'ITEM_STATUS_MISMATCH',
          message: `**Status** says ${bodyStatus} but the filename says ${source.status}; the filename wins`,
          expected: source.status,
          found: bodyStatus,
          hint: `set the line to "**Status**: ${source.status}" (waveplan keeps it in step whenever it renames)`,
        });
      }
    }
  }

  const ids = (key: 'blockedby' | 'blocks', fmValue: Frontmatter['blocked_by']): string[] => {
    const line = keyLines.get(key);
    const out: string[] = [];
    if (fmValue !== undefined)
      out.push(...(Array.isArray(fmValue) ? fmValue : [fmValue]).flatMap((v) => idsOf(String(v), 2, 1, key === 'blocks' ? 'blocks' : 'blocked_by')));
    if (line) out.push(...idsOf(line.value, line.line, line.col, line.raw));
    return [...new Set(out)];
  };
  const idsOf = (text: string, line: number, col: number, raw: string): string[] => {
    const parsed = parseIdList(text);
    if (parsed.ok) return parsed.value;
    at(line, col, {
      code: 'ITEM_IDS',
      message: `**${raw}** holds something that is not an item id`,
      expected: 'item ids like "001, 004" (or #001, or none)',
      found: parsed.found,
      hint: 'write the ids of the items, separated by commas',
    });
    return [];
  };

  const filesLine = keyLines.get('files');
  const files = [...asList(fm.files), ...(filesLine ? parsePathList(filesLine.value) : [])].map((entry) => {
    // `src/a.ts:120`, `src/a.ts (new export)`: taken whole, the entry would be a new file, and the
    // item would run beside every item writing src/a.ts.
    const path = withoutNote(entry);
    if (path === entry) return entry;
    const pos = locate(source.text, entry);
    at(pos.line, pos.col, {
      severity: 'warning',
      code: 'ITEM_PATH_NOTE',
      message: `files entry "${entry}" read as "${path}": a line number or a note after a path is not part of it`,
      expected: 'a path alone, such as src/api/login.ts',
      found: entry,
      hint: 'write the path alone, and the note in the description',
    });
    return path;
  });
  const reads = asList(fm.reads);
  for (const [field, list] of [
    ['files', files],
    ['reads', reads],
  ] as const) {
    for (const entry of list) {
      const path = field === 'files' ? parseFileSymbol(entry).path : entry;
      const problem = pathProblem(path);
      const pos = locate(source.text, path);
      if (problem)
        at(pos.line, pos.col, {
          code: 'ITEM_PATH',
          message: `${field} entry "${path}" ${problem}`,
          expected: 'a repo-relative path or glob such as src/api/**',
          found: path,
          hint: 'write the path relative to the repository root, without a leading / or ..',
        });
    }
  }

  for (const k of parts.keyLines) {
    if (!KNOWN_KEY_LINES.includes(k.key) && !BLOCKED_BY_KEYS.has(k.key)) {
      const near = didYouMean(k.key, ['status', 'priority', 'blockedby', 'blocks', 'files']);
      if (near)
        at(k.line, 1, {
          severity: 'warning',
          code: 'ITEM_KEY',
          message: `unknown key line **${k.raw}**`,
          expected: '**Status**, **Priority**, **BlockedBy**, **Blocks**, **Files**, **Assignee**',
          found: k.raw,
          hint: near,
        });
    }
  }

  const branchProblem = fm.branch === undefined ? undefined : refNameProblem(fm.branch);
  if (branchProblem) {
    const pos = locate(source.text, fm.branch!);
    at(pos.line, pos.col, {
      code: 'ITEM_BRANCH',
      message: `branch "${fm.branch}" is not a valid branch name: ${branchProblem}`,
      expected: 'a git branch name such as feature/login',
      found: fm.branch!,
      hint: "write the name of the branch that holds the item's work (git check-ref-format --branch NAME checks one)",
    });
  }

  // A command no shell can run (a NUL byte, only blanks) is refused here, not left to fail at run time (docs/reliability.md).
  const runProblem =
    fm.run === undefined
      ? undefined
      : fm.run.includes('\0')
        ? 'holds a NUL byte, which no shell command can contain'
        : fm.run.trim() === ''
          ? 'is blank'
          : undefined;
  if (runProblem) {
    const line = source.text.split('\n').findIndex((l) => /^run\s*:/.test(l));
    at(line === -1 ? 1 : line + 1, 1, {
      code: 'ITEM_RUN',
      message: `run: ${runProblem}`,
      expected: 'a shell command such as `npm test`',
      found: JSON.stringify(fm.run).slice(0, 80),
      hint: 'write the command the item runs, or remove run: to use run.command from parallel.config.yaml',
    });
  }

  if (!parts.title && typeof fm.title !== 'string') {
    // An item written as a commit message (its subject on the first line) shows that line and its fix.
    const lines = parts.body.split('\n');
    // An empty `# ` heading is not the first line the hint can turn into the title.
    const first = lines.findIndex((l) => l.trim() !== '' && !/^#+$/.test(l.trim()));
    const lead = first >= 0 && !/^\s*(?:#|[-*+>]\s|```|~~~|\*\*)/.test(lines[first]) ? lines[first].trim() : undefined;
    at(lead !== undefined ? parts.bodyLine + first : parts.bodyLine, 1, {
      severity: 'warning',
      code: 'ITEM_TITLE',
      message: 'no "# Title" line',
      expected: 'an H1 title such as "# Add login endpoint"',
      ...(lead !== undefined ? { found: lead } : {}),
      hint: lead !== undefined ? `make the first line the title: "# ${lead}"` : 'add a title line after the frontmatter',
    });
  }

  const item: Item = {
    id: source.id,
    file: source.file,
    slug: source.slug,
    status: source.status,
    // Shown on terminals (report, apply's task list) and in commit messages: no control characters.
    title: visibleControls(fm.title ?? parts.title?.text ?? source.slug.replace(/-/g, ' '), { newlines: false }),
    priority,
    estimate: typeof fm.estimate === 'number' && fm.estimate >= 0 ? fm.estimate : 1,
    blockedBy: ids('blockedby', fm.blocked_by),
    blocks: ids('blocks', fm.blocks),
    files: [...new Set(files.map((entry) => normalPath(parseFileSymbol(entry).path)))],
    reads: [...new Set(reads.map(normalPath))],
    resources: [...new Set(asList(fm.resources))],
    components: [...new Set(asList(fm.components))],
    sections: authoredSections(parts.sections),
    body: parts.body,
  };
  const symbols = namedSymbols(files);
  if (symbols) item.symbols = symbols;
  if (fm.branch !== undefined) item.branch = fm.branch;
  if (fm.run !== undefined) item.run = fm.run;
  const assignee = keyLines.get('assignee')?.value ?? fm.assignee;
  if (assignee) item.assignee = assignee;
  if (bodyStatus) item.bodyStatus = bodyStatus;
  const lines: NonNullable<Item['lines']> = {};
  if (parts.title) lines.title = parts.title.line;
  for (const [field, key] of [
    ['status', 'status'],
    ['priority', 'priority'],
    ['blockedBy', 'blockedby'],
    ['blocks', 'blocks'],
    ['files', 'files'],
  ] as const) {
    const line = keyLines.get(key)?.line;
    if (line !== undefined) lines[field] = line;
  }
  item.lines = lines;
  return { item, diagnostics };
}

/**
 * `files` entries that name symbols (`src/App.tsx#handlePaste`), by path: only paths every entry
 * of which names one (a plain `src/App.tsx` beside them means the whole file). Undefined when none.
 */
export function namedSymbols(entries: readonly string[]): Record<string, string[]> | undefined {
  const byPath = new Map<string, Set<string> | null>();
  for (const entry of entries) {
    const { path, symbol } = parseFileSymbol(entry);
    const at = normalPath(path);
    const have = byPath.get(at);
    if (symbol === undefined) byPath.set(at, null);
    else if (have === undefined) byPath.set(at, new Set([symbol]));
    else have?.add(symbol);
  }
  const named = [...byPath].filter((e): e is [string, Set<string>] => e[1] !== null).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return named.length === 0 ? undefined : Object.fromEntries(named.map(([path, set]) => [path, [...set].sort()]));
}

/** 1-based position of the first occurrence of `needle` in the file (line 1 when absent). */
function locate(text: string, needle: string): { line: number; col: number } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const col = lines[i].indexOf(needle);
    if (col >= 0) return { line: i + 1, col: col + 1 };
  }
  return { line: 1, col: 1 };
}

/** The sections as people and agents wrote them: the notes waveplan's runs added are left out. */
function authoredSections(sections: Record<string, string>): Record<string, string> {
  if (sections.notes === undefined) return sections;
  const notes = withoutRunNotes(sections.notes);
  const { notes: _written, ...rest } = sections;
  return notes === '' ? rest : { ...rest, notes };
}

function normalKey(key: string): string {
  return BLOCKED_BY_KEYS.has(key) ? 'blockedby' : key;
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : parsePathList(value)).map((s) => s.trim()).filter((s) => s !== '' && !isNoPath(s));
}

function readFrontmatter(source: ItemSource, fm: ReturnType<typeof splitMarkdown>['frontmatter'], out: Diagnostic[]): Frontmatter {
  if (!fm) return {};
  const shift = fm.firstLine - 1;
  if (!fm.closed) {
    out.push(
      diagnostic({
        file: source.file,
        line: 1,
        col: 1,
        code: 'ITEM_FRONTMATTER',
        message: 'frontmatter is not closed',
        expected: 'a line "---" after the YAML fields',
        hint: `example:\n${ITEM_EXAMPLE}`,
      }),
    );
    return {};
  }
  // Plain frontmatter with nothing to report needs no positions: the fast reader will do.
  const fast = readBlockYaml(fm.text)?.value;
  if (isRecord(fast) && Object.keys(fast).every((key) => FRONTMATTER_KEYS.includes(key)) && schemaErrors('queue-item', fast).length === 0)
    return fast as Frontmatter;
  const parsed = parseYaml(fm.text);
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors)
      out.push(
        diagnostic({
          file: source.file,
          line: e.line + shift,
          col: e.col,
          code: 'ITEM_YAML',
          message: `frontmatter is not valid YAML: ${e.message}`,
          // Editors set to tabs (Makefile habits, some Windows setups) write what YAML forbids.
          hint: /\btabs?\b/i.test(e.message) ? 'indent with spaces: YAML forbids tabs for indentation' : `example:\n${ITEM_EXAMPLE}`,
        }),
      );
    return {};
  }
  const data: unknown = parsed.doc.toJS();
  if (data === null || data === undefined) return {};
  if (!isMapDocument(parsed)) {
    out.push(
      diagnostic({
        file: source.file,
        line: fm.firstLine,
        col: 1,
        code: 'ITEM_FRONTMATTER',
        message: 'frontmatter must be a map of fields',
        expected: 'key: value lines',
        found: typeof data,
      }),
    );
    return {};
  }
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!FRONTMATTER_KEYS.includes(key)) {
      const pos = positionOf(parsed, [], key);
      out.push(
        diagnostic({
          severity: 'warning',
          file: source.file,
          line: pos.line + shift,
          col: pos.col,
          code: 'ITEM_UNKNOWN_FIELD',
          message: `unknown frontmatter field "${key}" is ignored`,
          expected: FRONTMATTER_KEYS.join(', '),
          found: key,
          hint: didYouMean(key, FRONTMATTER_KEYS),
        }),
      );
    }
  }
  const all = schemaErrors('queue-item', record);
  // A field that takes one of several shapes (a glob or a list of globs) fails each; ajv's first
  // branch alone ("must be string") would hide that a list is fine too.
  const alternatives = new Set(all.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const errors = all.filter((e) => e.keyword !== 'oneOf');
  const seen = new Set<string>();
  for (const e of errors) {
    const path = pointerToPath(e.instancePath);
    const field = path.join('.') || 'frontmatter';
    if (seen.has(field)) continue;
    seen.add(field);
    const pos = positionOf(parsed, path);
    const found = JSON.stringify(path.reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], record));
    out.push(
      diagnostic({
        file: source.file,
        line: pos.line + shift,
        col: pos.col,
        code: 'ITEM_FIELD',
        message: alternatives.has(e.instancePath)
          ? `${field} must be ${describeExpected(path[0], e.message).replace(/, e\.g\. .*$/, '')}`
          : `${field} ${e.message ?? 'is invalid'}`,
        expected: describeExpected(path[0], e.message),
        found,
        hint: `example:\n${ITEM_EXAMPLE}`,
      }),
    );
  }
  const bad = new Set([...seen].map((f) => f.split('.')[0]));
  for (const key of bad) delete record[key];
  return record as Frontmatter;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeExpected(field: string | undefined, message: string | undefined): string {
  switch (field) {
    case 'estimate':
      return 'a number ≥ 0 (relative duration, default 1)';
    case 'files':
    case 'reads':
      return 'a glob or a list of globs, e.g. [src/api/**, src/db/user.ts]';
    case 'resources':
    case 'components':
      return 'a name or a list of names from parallel.config.yaml';
    case 'blocked_by':
    case 'blocks':
      return 'item ids, e.g. [001, 004]';
    default:
      return message ?? 'a valid value';
  }
}

/**
 * A files entry without what people write after a path: a line reference (`src/a.ts:120`,
 * `src/a.ts:5-9`, GitHub's `src/a.ts#L5-L9`) or a note (`src/a.ts (new export)`, `src/a.ts — add
 * tests`, `src/a.ts - rename`). The entry itself when it has none; a path with spaces stays whole.
 */
export function withoutNote(entry: string): string {
  const line = /^(\S*\.[A-Za-z0-9]+)(?::\d+(?:[-:]\d+)*|#L\d+(?:-L?\d+)?)$/.exec(entry);
  if (line) return line[1];
  // Only a file name (with an extension) followed by words: babel has folders named
  // `env - SHOW_CONFIG_FOR with ignored file`, and a path goes on with a `/` or ends in an extension.
  const note = /^(\S*\.[A-Za-z0-9]+)\s+(?:\(([^/]*)\)|[—–]\s*([^/]*)|-{1,2}\s+([^/]*))$/.exec(entry);
  const rest = note?.[2] ?? note?.[3] ?? note?.[4];
  return note && rest !== undefined && !/\.[A-Za-z0-9]+$/.test(rest) ? note[1] : entry;
}
