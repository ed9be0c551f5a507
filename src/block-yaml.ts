/**
 * A block-style YAML emitter for JSON-shaped data (maps, lists, strings, numbers, booleans,
 * null), written for the plan file: the `yaml` package builds a document node per value
 * before printing, which cost ~0.15 s for a 150 KB plan, most of a pre-commit hook's budget.
 *
 * Output matches `yaml.stringify(value, { lineWidth: 0, minContentWidth: 0, indentSeq: true })`
 * byte for byte (tested on random data) for strings without line breaks or control characters:
 * plain when YAML 1.2 reads them back as the same string, else single quotes when the text holds
 * `"` but no `'`, else double quotes. Strings with line breaks or control characters become
 * double-quoted JSON (where `yaml` would write a block scalar), which reads back exactly too.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue | undefined };

export function emitYaml(value: YamlValue): string {
  const out: string[] = [];
  emit(value, { push: (text) => out.push(text) });
  return out.join('');
}

/**
 * `header` + emitYaml(value) as UTF-8, encoded as it is written (pure): a 20 MB plan never exists as one
 * string (two bytes a character once a `→` is in it), which cost a quarter of a 500-item plan's
 * compile in copies and fresh memory. `sizeHint`: the bytes expected (the last plan's size); when
 * they fit, the output is written into one buffer and never copied.
 */
export function emitYamlBytes(value: YamlValue, header = '', sizeHint = 0): Buffer {
  const sink = utf8Sink(sizeHint);
  sink.push(header);
  emit(value, sink);
  return sink.done();
}

interface Sink {
  push(text: string): void;
}

function emit(value: YamlValue, out: Sink): void {
  const strings = new Map<string, string>();
  if (!isCollection(value)) out.push(`${scalar(value, strings)}\n`);
  else if (isEmpty(value)) out.push(`${leaf(value, strings)}\n`);
  else block(value, '', out, strings);
}

/**
 * Pieces gathered into short strings, each encoded into 1 MB chunks (the first one `sizeHint`
 * and a little more, when larger), joined once at the end when there are several. Fresh memory
 * costs a page fault per 4 KB, the most of encoding a 23 MB plan on a VM: joining chunks touches
 * every byte twice, a right-sized first chunk once.
 */
function utf8Sink(sizeHint: number): Sink & { done(): Buffer } {
  const CHUNK = 1 << 20;
  const chunks: Buffer[] = [];
  // Room for the last flush's worst case (three bytes a code unit) beyond the hint.
  let chunk = Buffer.allocUnsafe(Math.max(CHUNK, Math.min(sizeHint, MAX_HINT) + 3 * PENDING));
  let used = 0;
  let pending = '';
  const flush = () => {
    // UTF-16 → UTF-8 is at most 3 bytes a code unit.
    if (used + pending.length * 3 > CHUNK) {
      chunks.push(chunk.subarray(0, used));
      chunk = Buffer.allocUnsafe(Math.max(CHUNK, pending.length * 3));
      used = 0;
    }
    used += chunk.write(pending, used);
    pending = '';
  };
  return {
    push(text) {
      pending += text;
      if (pending.length >= PENDING) flush();
    },
    done() {
      flush();
      chunks.push(chunk.subarray(0, used));
      return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    },
  };
}

/** Code units gathered before they are encoded. */
const PENDING = 4096;
/** A hint past this (no plan is that big) is not trusted: chunks then grow as usual. */
const MAX_HINT = 1 << 28;

function isCollection(value: YamlValue | undefined): value is YamlValue[] | { [key: string]: YamlValue | undefined } {
  return value !== null && typeof value === 'object';
}

function isEmpty(value: YamlValue[] | { [key: string]: YamlValue | undefined }): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).every((key) => value[key] === undefined);
}

/**
 * A non-empty collection's lines at `indent`; the first line's indent is written by the caller
 * when `inline`. `strings` remembers short scalars already written (ids, keys, kinds repeat
 * thousands of times in a large plan).
 */
function block(value: YamlValue[] | { [key: string]: YamlValue | undefined }, indent: string, out: Sink, strings: Map<string, string>, inline = false): void {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const dash = i === 0 && inline ? '- ' : `${indent}- `;
      if (isCollection(item) && !isEmpty(item)) {
        out.push(dash);
        block(item, inner, out, strings, true);
      } else out.push(`${dash}${leaf(item, strings)}\n`);
    }
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined) continue;
    const name = indent === '' && DOCUMENT_MARKER.test(key) ? JSON.stringify(key) : string(key, strings);
    const head = first && inline ? `${name}:` : `${indent}${name}:`;
    first = false;
    if (isCollection(item) && !isEmpty(item)) {
      out.push(`${head}\n`);
      // indentSeq: a list under a key is indented like a map would be.
      block(item, inner, out, strings);
    } else out.push(`${head} ${leaf(item, strings)}\n`);
  }
}

/** A scalar, or an empty collection (`[]`, `{}`). */
function leaf(value: YamlValue, strings: Map<string, string>): string {
  return isCollection(value) ? (Array.isArray(value) ? '[]' : '{}') : scalar(value, strings);
}

function scalar(value: string | number | boolean | null, strings: Map<string, string>): string {
  if (value === null) return 'null';
  if (typeof value === 'number')
    return Object.is(value, -0) ? '-0' : Number.isFinite(value) ? JSON.stringify(value) : Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  if (typeof value === 'boolean') return String(value);
  return string(value, strings);
}

/** Starts, ends and pairs that stop a plain scalar from reading back as itself (the `yaml` package's rule). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** What YAML 1.2's core schema resolves to something other than a string. */
const OTHER_TYPE =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** A top-level key that starts like `---` or `...` would read as a document marker. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)/;
/** Line breaks, control characters and unpaired surrogates: double-quoted JSON only. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPES = /[\x00-\x08\x0a-\x1f\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** What NEEDS_ESCAPES can match at all, without its lookarounds: most strings are cleared by this alone. */
// eslint-disable-next-line no-control-regex
const MAY_NEED_ESCAPES = /[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]/;

/** Strings up to this length are remembered once written: ids, keys and kinds, not evidence chains. */
const REMEMBERED = 32;

function string(value: string, strings: Map<string, string>): string {
  if (value.length > REMEMBERED) return quoted(value);
  let out = strings.get(value);
  if (out === undefined) strings.set(value, (out = quoted(value)));
  return out;
}

function quoted(value: string): string {
  if (MAY_NEED_ESCAPES.test(value) && NEEDS_ESCAPES.test(value)) return JSON.stringify(value);
  if (value !== '' && !NOT_PLAIN.test(value) && !OTHER_TYPE.test(value)) return value;
  return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
}

interface Line {
  indent: number;
  text: string;
}

/**
 * The reverse of emitYaml, for what it writes and what people write in configs and item
 * frontmatter: block maps and lists, `[]`/`{}`, plain, single- and double-quoted (JSON)
 * one-line scalars, flow lists of plain scalars (`[src/**, db/schema.sql]`), full-line and
 * trailing comments. Anything else (nested flow collections, block
 * scalars, anchors, tags, escapes JSON does not have, hand-made layouts) gives undefined, and
 * the caller parses with `yaml`, which reads every document the same way (a tested property)
 * and reports positions for errors.
 */
export function readBlockYaml(source: string): { value: YamlValue } | undefined {
  const lines: Line[] = [];
  for (const raw of source.split('\n')) {
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent++;
    const text = withoutComment(raw.slice(indent));
    if (text === undefined) return undefined;
    if (text === '') continue; // blank, or a comment
    if (text[0] === '\t' || /[\r\ufeff]/.test(text) || (indent === 0 && /^(?:---|\.\.\.|%)/.test(text))) return undefined;
    lines.push({ indent, text });
  }
  if (lines.length === 0 || lines[0].indent !== 0) return undefined;
  const at = { i: 0 };
  const value = readNode(lines, at, 0);
  return value === undefined || at.i !== lines.length ? undefined : { value };
}

const FAIL = undefined;

/**
 * The line without its trailing ` # comment`: the line is read as `- ` markers, a key or
 * scalar, and after `: ` a value, skipping quoted scalars whole, so a `#` inside quotes stays.
 * Undefined when a quote is left open (the full parser reports it).
 */
function withoutComment(text: string): string | undefined {
  if (text[0] === '#') return '';
  if (!text.includes('#')) return text;
  let i = 0;
  while (text.startsWith('- ', i)) i += 2;
  const first = scalarEnd(text, i, true);
  if (first === undefined) return undefined;
  i = first;
  if (text[i] === ':' && (i + 1 === text.length || text[i + 1] === ' ')) {
    i++;
    while (text[i] === ' ') i++;
    if (i < text.length && text[i] !== '#') {
      const second = scalarEnd(text, i, false);
      if (second === undefined) return undefined;
      i = second;
    }
  }
  const comment = text.indexOf('#', i);
  if (comment === -1 || text[comment - 1] !== ' ') return text;
  return text.slice(0, comment).replace(/ +$/, '');
}

/** Where the scalar starting at `i` ends: after its closing quote, or at `: ` (a key) / ` #` / the end. */
function scalarEnd(text: string, i: number, mayBeKey: boolean): number | undefined {
  if (text[i] === '"' || text[i] === "'") {
    const close = quotedEnd(text.slice(i));
    return close === undefined ? undefined : i + close + 1;
  }
  for (let k = i; k < text.length; k++) {
    if (text[k] === '#' && k > i && text[k - 1] === ' ') return k - 1;
    if (mayBeKey && text[k] === ':' && (k + 1 === text.length || text[k + 1] === ' ')) return k;
  }
  return text.length;
}

function readNode(lines: Line[], at: { i: number }, indent: number): YamlValue | undefined {
  const { text } = lines[at.i];
  return text === '-' || text.startsWith('- ') ? readList(lines, at, indent) : readMap(lines, at, indent);
}

function readList(lines: Line[], at: { i: number }, indent: number): YamlValue[] | undefined {
  const out: YamlValue[] = [];
  while (at.i < lines.length && lines[at.i].indent === indent) {
    const { text } = lines[at.i];
    if (text !== '-' && !text.startsWith('- ')) return FAIL;
    const rest = text.slice(2);
    let item: YamlValue | undefined;
    if (rest === '') item = readChild(lines, at, indent);
    else if (rest === '-' || rest.startsWith('- ') || keyEnd(rest) !== undefined) {
      // The item's first line continues at two columns in: read it as a node there.
      lines[at.i] = { indent: indent + 2, text: rest };
      item = readNode(lines, at, indent + 2);
    } else {
      item = readScalar(rest);
      at.i++;
    }
    if (item === undefined) return FAIL;
    out.push(item);
  }
  return at.i < lines.length && lines[at.i].indent > indent ? FAIL : out;
}

function readMap(lines: Line[], at: { i: number }, indent: number): { [key: string]: YamlValue } | undefined {
  const out: { [key: string]: YamlValue } = {};
  while (at.i < lines.length && lines[at.i].indent === indent) {
    const { text } = lines[at.i];
    const end = keyEnd(text);
    if (end === undefined) return FAIL;
    const key = readKey(text.slice(0, end));
    if (key === undefined || key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key)) return FAIL;
    const rest = text.slice(end + 1);
    let value: YamlValue | undefined;
    if (rest === '') value = readChild(lines, at, indent);
    else if (rest[0] === ' ') {
      value = readScalar(rest.slice(1));
      at.i++;
    }
    if (value === undefined) return FAIL;
    out[key] = value;
  }
  return at.i < lines.length && lines[at.i].indent > indent ? FAIL : out;
}

/** The block under a `key:` or `-` line: deeper lines, or null when there are none. */
function readChild(lines: Line[], at: { i: number }, indent: number): YamlValue | undefined {
  at.i++;
  if (at.i >= lines.length || lines[at.i].indent <= indent) return null;
  return readNode(lines, at, lines[at.i].indent);
}

/** Index of the `:` that ends a map key on this line, or undefined when the line is no `key:` / `key: value`. */
function keyEnd(text: string): number | undefined {
  if (text[0] === '"' || text[0] === "'") {
    const close = quotedEnd(text);
    return close !== undefined && text[close + 1] === ':' && (text.length === close + 2 || text[close + 2] === ' ') ? close + 1 : undefined;
  }
  const pair = text.indexOf(': ');
  if (pair !== -1) return pair;
  return text.endsWith(':') ? text.length - 1 : undefined;
}

/** Index of the closing quote of the quoted scalar `text` starts with. */
function quotedEnd(text: string): number | undefined {
  const quote = text[0];
  for (let i = 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return undefined;
}

function readKey(text: string): string | undefined {
  if (text[0] === '"' || text[0] === "'") {
    const value = readQuoted(text);
    return typeof value === 'string' ? value : undefined;
  }
  return text === '' || NOT_PLAIN.test(text) || OTHER_TYPE.test(text) ? undefined : text;
}

function readScalar(text: string): YamlValue | undefined {
  if (text === '[]') return [];
  if (text === '{}') return {};
  if (text[0] === '[') return readFlowList(text);
  if (text[0] === '"' || text[0] === "'") return readQuoted(text);
  if (NOT_PLAIN.test(text)) return FAIL;
  if (!OTHER_TYPE.test(text)) return text;
  if (/^(?:~|null|Null|NULL)$/.test(text)) return null;
  if (/^(?:true|True|TRUE)$/.test(text)) return true;
  if (/^(?:false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number.parseInt(text, 10);
  if (/^0o[0-7]+$/.test(text)) return Number.parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(text)) return Number.parseFloat(text);
  return FAIL; // .inf, .nan: not in a plan
}

/** `[a, b/**, 3]`: plain scalars only, no nesting, no quotes, no empty entries. */
function readFlowList(text: string): YamlValue[] | undefined {
  if (!text.endsWith(']') || /[[\]{}"'\t]/.test(text.slice(1, -1))) return FAIL;
  const out: YamlValue[] = [];
  for (const part of text.slice(1, -1).split(',')) {
    const item = part.replace(/^ +| +$/g, '');
    if (item === '' || item[0] === '[') return FAIL;
    const value = readScalar(item);
    if (value === undefined) return FAIL;
    out.push(value);
  }
  return out;
}

function readQuoted(text: string): string | undefined {
  if (quotedEnd(text) !== text.length - 1) return FAIL;
  if (text[0] === "'") return text.slice(1, -1).replace(/''/g, "'");
  try {
    return JSON.parse(text) as string;
  } catch {
    return FAIL; // a YAML-only escape (\x41, \e, …): the full parser reads it
  }
}
