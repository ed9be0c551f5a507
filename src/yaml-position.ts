import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';

type Yaml = typeof import('yaml');
let yamlModule: Yaml | undefined;

/**
 * The `yaml` package, loaded on first use: the plan, the config and item frontmatter are read
 * by readBlockYaml first (src/plan/block-yaml.ts), so a pre-commit hook whose files are plain
 * never loads it (its 260 KB of source cost ~20 ms of the hook's 300 ms).
 */
function yaml(): Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as Yaml;
  return yamlModule;
}

export interface ParsedYaml {
  doc: Document;
  lineCounter: LineCounter;
  /** Parse errors as 1-based positions within this YAML text. */
  errors: Array<{ line: number; col: number; message: string }>;
}

export function parseYaml(text: string): ParsedYaml {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return { line: pos.line, col: pos.col, message: e.message.split('\n')[0] };
  });
  return { doc, lineCounter, errors };
}

/** A JSON pointer (ajv `instancePath`) as path segments. */
export function pointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * 1-based line/col of the node at `path` (or of its key when `key` is set),
 * falling back to the closest ancestor that exists.
 */
export function positionOf(parsed: ParsedYaml, path: readonly string[], key?: string): { line: number; col: number } {
  let node: unknown = parsed.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    const next = child(node, segment);
    if (next === undefined) break;
    node = next.value;
    offset = rangeStart(next.value) ?? next.keyStart ?? offset;
  }
  if (key !== undefined) {
    const pair = child(node, key);
    if (pair?.keyStart !== undefined) offset = pair.keyStart;
  }
  return parsed.lineCounter.linePos(offset);
}

/** True when the parsed document is a map (not a list, a scalar or empty). */
export function isMapDocument(parsed: ParsedYaml): boolean {
  return yaml().isMap(parsed.doc.contents);
}

function child(node: unknown, segment: string): { value: unknown; keyStart?: number } | undefined {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === segment) {
        return { value: pair.value, keyStart: rangeStart(pair.key) };
      }
    }
  } else if (isSeq(node)) {
    const item = node.items[Number(segment)];
    if (item !== undefined) return { value: item };
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0];
}
