import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { TreeReader } from '../io/ports.js';
import { compareStrings } from '../order.js';
import type { ModuleView } from './direct-reads.js';
import { loadOxcBinding } from './fast-scan.js';
import { mayReExport, parseModuleShape, type ModuleShape } from './module-shape.js';

export interface ReadModuleViewOptions {
  root: string;
  /** Every item's write set: the files whose imports the `direct` rule reads. */
  writes: Iterable<string>;
  /** What a file imports (the graph's edges, or what its specifiers resolved to). */
  edges: (file: string) => Iterable<string>;
  /** Where a specifier resolved to (the graph's own resolutions); a relative one is matched against the file's edges otherwise. */
  resolve?: (file: string, specifier: string) => string | undefined;
  /** Where texts come from: default the work tree. */
  tree?: TreeReader;
}

export interface ReadModuleView {
  view: ModuleView;
  /** Files whose shape was read (they decide reads, so the fingerprint hashes them), sorted. */
  files: string[];
  /** Hash of every shape read and of the files found to re-export nothing: with the graph's digest, what the reads depend on. */
  digest: string;
}

/**
 * The module shapes the `direct` rule needs (IO): the written files, what they import when it
 * may re-export, and every module a re-export leads to (an `export *` target always: whether it
 * defines a name decides the chain). Undefined when oxc-parser cannot load here (then the
 * analysis falls back to `transitive`).
 */
export async function readModuleView(options: ReadModuleViewOptions): Promise<ReadModuleView | undefined> {
  const oxc = await loadOxcBinding();
  if (!oxc) return undefined;
  const { edges } = options;
  const resolve = (file: string, specifier: string) => options.resolve?.(file, specifier) ?? guessResolve(file, specifier, edges(file));
  const decoder = new TextDecoder();
  const readText = options.tree
    ? async (file: string) => {
        const bytes = await options.tree!.read(file);
        return bytes === undefined ? undefined : decoder.decode(bytes);
      }
    : (file: string) => readFile(join(options.root, file), 'utf8').catch(() => undefined);
  const shapes = new Map<string, ModuleShape>();
  const leaves = new Set<string>();
  const queued = new Map<string, boolean>();
  const writes = new Set(options.writes);
  let work: Array<{ file: string; must: boolean }> = [];
  const enqueue = (file: string | undefined, must: boolean) => {
    if (file === undefined || !SOURCE.test(file)) return;
    const was = queued.get(file);
    if (was === true || (was === false && !must)) return;
    queued.set(file, must);
    work.push({ file, must });
  };
  for (const file of [...writes].sort(compareStrings)) enqueue(file, true);
  while (work.length > 0) {
    const batch = work;
    work = [];
    const texts = await Promise.all(batch.map(({ file }) => readText(file)));
    batch.forEach(({ file, must }, k) => {
      const text = texts[k];
      if (text === undefined || shapes.has(file)) return;
      if (!must && !mayReExport(text)) {
        leaves.add(file);
        return;
      }
      leaves.delete(file);
      const shape = parseModuleShape(oxc, text, file);
      shapes.set(file, shape);
      if (writes.has(file)) for (const to of edges(file)) enqueue(to, false);
      for (const [, r] of shape.named) enqueue(resolve(file, r.specifier), false);
      for (const star of shape.stars) enqueue(resolve(file, star), true);
    });
  }
  const files = [...shapes.keys()].sort(compareStrings);
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0${shapeText(shapes.get(file)!)}\n`);
  for (const file of [...leaves].sort(compareStrings)) hash.update(`leaf ${file}\n`);
  return { view: { shape: (file) => shapes.get(file), resolve }, files, digest: hash.digest('hex') };
}

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

function shapeText(s: ModuleShape): string {
  const imports = [...s.imports].map(([spec, names]) => `${spec}=${names === null ? '*' : names.join(',')}`);
  const named = [...s.named].map(([name, r]) => `${name}=${r.specifier}:${r.name ?? '*'}`);
  return JSON.stringify([imports, [...s.defines].sort(compareStrings), named, s.stars]);
}

/**
 * A relative specifier matched against the file's edges (when the graph came without its
 * resolutions): `../lib` is `src/lib.ts` or `src/lib/index.ts`, `./money.js` is `money.ts`.
 */
export function guessResolve(file: string, specifier: string, edges: Iterable<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\/$/, '');
  const stem = (path: string) => path.replace(/\.[^./]+$/, '');
  const wanted = [base, stem(base), `${base}/index`];
  const found = [...edges].filter((to) => wanted.includes(stem(to)) || wanted.includes(to)).sort(compareStrings);
  return found[0];
}
