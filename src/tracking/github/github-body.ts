import type { Frontmatter } from '../../queue/parse-item.js';
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import { schemaErrors } from '../../schemas.js';
import { didYouMean } from '../../suggest.js';
import { isMapDocument, parseYaml, pointerToPath, positionOf } from '../../yaml-position.js';

/** Machine fields an issue may carry in its ```yaml waveplan block: the same as an item's frontmatter. */
export type IssueFields = Frontmatter;

const FIELD_KEYS = ['files', 'reads', 'resources', 'components', 'branch', 'estimate', 'run', 'priority', 'blocked_by', 'blocks', 'assignee', 'title'];
export const BLOCK_EXAMPLE = '```yaml waveplan\nfiles: [src/api/**]\nestimate: 2\nrun: npm run agent -- "$WAVEPLAN_ITEM_ID"\n```';

export interface IssueBody {
  fields: IssueFields;
  /** Issue numbers from `Blocked by:` lines (and `blocked_by`), as `#N`. */
  blockedBy: string[];
  /** From `Blocks:` lines (and `blocks`). */
  blocks: string[];
  /** 1-based body line of the first `Blocked by:` line. */
  blockedByLine?: number;
  /** 1-based body line of the first `Blocks:` line. */
  blocksLine?: number;
  /** The body without the waveplan block and the `Blocked by:` / `Blocks:` lines: what the issue says. */
  prose: string;
  diagnostics: Diagnostic[];
}

const REF_LINE = /^(\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*(blocked[\s_-]*by|blocks)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?)(.*?)\s*$/i;
const OPEN_BLOCK = /^\s*(`{3,}|~{3,})\s*ya?ml\s+waveplan\s*$/i;
const FENCE = /^\s*(`{3,}|~{3,})/;
/** A plain ```yaml fence: a waveplan block whose `waveplan` word was left out, when it holds waveplan's fields. */
const PLAIN_YAML = /^\s*(`{3,}|~{3,})\s*ya?ml\s*$/i;
const FIELD_LINE = /^([a-z_]+)\s*:/;
const NONE = /^(none|n\/a|-|—|nothing)$/i;

/**
 * Read an issue body (pure): `Blocked by: #3, #4` and `Blocks: #9` lines outside code
 * fences, and the first fenced ```yaml waveplan block. Diagnostics name `#N:line:col`,
 * lines counted in the body.
 */
export function readIssueBody(issue: string, body: string, repo: string): IssueBody {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const out: IssueBody = { fields: {}, blockedBy: [], blocks: [], prose: '', diagnostics: [] };
  const prose: string[] = [];
  let fence: string | undefined;
  let block: { start: number; fence: string; text: string[] } | undefined;
  let blockDone = false;
  /** The first plain ```yaml fence that holds waveplan's fields: not read, so said (below). */
  let plain: { line: number; keys: string[] } | undefined;
  let inPlain = false;
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (block) {
      if (line.trim().startsWith(block.fence) && line.trim().replace(/[`~]/g, '') === '') {
        out.fields = readFields(issue, block.text.join('\n'), block.start, out.diagnostics);
        block = undefined;
        blockDone = true;
      } else block.text.push(line);
      return;
    }
    if (fence) {
      if (line.trim().startsWith(fence)) fence = undefined;
      else if (inPlain) {
        const key = FIELD_LINE.exec(line)?.[1];
        if (key !== undefined && FIELD_KEYS.includes(key) && plain) plain.keys.push(key);
      }
      if (!fence) inPlain = false;
      prose.push(line);
      return;
    }
    const open = OPEN_BLOCK.exec(line);
    if (open && !blockDone) return void (block = { start: lineNo + 1, fence: open[1], text: [] });
    const other = FENCE.exec(line);
    if (other) {
      prose.push(line);
      inPlain = PLAIN_YAML.test(line) && (plain === undefined || plain.keys.length === 0);
      if (inPlain) plain = { line: lineNo, keys: [] };
      return void (fence = other[1]);
    }
    const ref = REF_LINE.exec(line);
    if (!ref) return void prose.push(line);
    const blocks = !/^blocked/i.test(ref[2]);
    if (!blocks) out.blockedByLine ??= lineNo;
    else out.blocksLine ??= lineNo;
    const ids = parseRefs(ref[3], repo);
    for (const bad of ids.bad) {
      out.diagnostics.push(
        diagnostic({
          file: issue,
          line: lineNo,
          col: ref[1].length + 1,
          code: 'ISSUE_REF',
          message: `"${ref[2].trim()}:" holds "${bad.text}", which is not an issue of ${repo}`,
          expected: 'issue numbers like "#3, #4" (or none)',
          found: bad.text,
          hint: bad.hint,
        }),
      );
    }
    (blocks ? out.blocks : out.blockedBy).push(...ids.refs);
  });
  if (block)
    out.diagnostics.push(
      diagnostic({
        file: issue,
        line: block.start - 1,
        col: 1,
        code: 'ISSUE_BLOCK',
        message: 'the ```yaml waveplan block is not closed',
        expected: `a closing ${block.fence} line`,
        hint: `example:\n${BLOCK_EXAMPLE}`,
      }),
    );
  if (!blockDone && !block && plain && plain.keys.length > 0)
    out.diagnostics.push(
      diagnostic({
        severity: 'warning',
        file: issue,
        line: plain.line,
        col: 1,
        code: 'ISSUE_BLOCK_UNMARKED',
        message: `this \`\`\`yaml block holds ${[...new Set(plain.keys)].join(', ')} but is not read: waveplan reads only a block opened with \`\`\`yaml waveplan`,
        expected: '```yaml waveplan',
        found: lines[plain.line - 1].trim(),
        hint: `add the word waveplan to its first line, e.g.\n${BLOCK_EXAMPLE}`,
      }),
    );
  const fromFields = (value: IssueFields['blocked_by']) =>
    value === undefined ? [] : ([] as Array<string | number>).concat(value).flatMap((v) => parseRefs(String(v), repo).refs);
  out.blockedBy = [...new Set([...out.blockedBy, ...fromFields(out.fields.blocked_by)])];
  out.blocks = [...new Set([...out.blocks, ...fromFields(out.fields.blocks)])];
  out.prose = prose.join('\n');
  return out;
}

/** `#3, #4 and acme/shop#5, https://github.com/acme/shop/issues/6` → `#3 #4 #5 #6`. */
export function parseRefs(text: string, repo: string): { refs: string[]; bad: Array<{ text: string; hint: string }> } {
  const refs: string[] = [];
  const bad: Array<{ text: string; hint: string }> = [];
  const clean = text.replace(/[`*_]/g, '').trim();
  if (clean === '' || NONE.test(clean)) return { refs, bad };
  for (const raw of clean
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\band\b/gi, ',')
    .split(/[,;\s]+/)) {
    const part = raw.trim();
    if (part === '' || NONE.test(part)) continue;
    const m = /^(?:([\w.-]+\/[\w.-]+)#|https?:\/\/[^/]+\/([\w.-]+\/[\w.-]+)\/(?:issues|pull)\/|#)?(\d+)$/i.exec(part);
    const other = m?.[1] ?? m?.[2];
    if (!m) bad.push({ text: part, hint: 'write the blocking issues as #N, separated by commas' });
    else if (other && other.toLowerCase() !== repo.toLowerCase())
      bad.push({ text: part, hint: `only issues of ${repo} can block here; track the other repository's work in an issue of this one` });
    else refs.push(`#${Number(m[3])}`);
  }
  return { refs, bad };
}

function readFields(issue: string, text: string, firstLine: number, out: Diagnostic[]): IssueFields {
  const shift = firstLine - 1;
  const parsed = parseYaml(text);
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors)
      out.push(
        diagnostic({
          file: issue,
          line: e.line + shift,
          col: e.col,
          code: 'ISSUE_YAML',
          message: `the yaml waveplan block is not valid YAML: ${e.message}`,
          hint: `example:\n${BLOCK_EXAMPLE}`,
        }),
      );
    return {};
  }
  const data: unknown = parsed.doc.toJS();
  if (data === null || data === undefined) return {};
  if (!isMapDocument(parsed)) {
    out.push(
      diagnostic({
        file: issue,
        line: firstLine,
        col: 1,
        code: 'ISSUE_BLOCK',
        message: 'the yaml waveplan block must be a map of fields',
        expected: 'key: value lines',
        found: typeof data,
        hint: `example:\n${BLOCK_EXAMPLE}`,
      }),
    );
    return {};
  }
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (FIELD_KEYS.includes(key)) continue;
    const pos = positionOf(parsed, [], key);
    out.push(
      diagnostic({
        severity: 'warning',
        file: issue,
        line: pos.line + shift,
        col: pos.col,
        code: 'ISSUE_UNKNOWN_FIELD',
        message: `unknown field "${key}" in the yaml waveplan block is ignored`,
        expected: FIELD_KEYS.join(', '),
        found: key,
        hint: didYouMean(key, FIELD_KEYS),
      }),
    );
    delete record[key];
  }
  const seen = new Set<string>();
  for (const e of schemaErrors('queue-item', record).filter((x) => x.keyword !== 'oneOf')) {
    const path = pointerToPath(e.instancePath);
    const field = path[0] ?? 'block';
    if (seen.has(field)) continue;
    seen.add(field);
    const pos = positionOf(parsed, path);
    out.push(
      diagnostic({
        file: issue,
        line: pos.line + shift,
        col: pos.col,
        code: 'ISSUE_FIELD',
        message: `${path.join('.') || 'block'} ${e.message ?? 'is invalid'}`,
        found: JSON.stringify(record[field]),
        hint: `example:\n${BLOCK_EXAMPLE}`,
      }),
    );
  }
  for (const field of seen) delete record[field];
  return record as IssueFields;
}
