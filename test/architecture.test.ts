import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import ts from 'typescript';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT } from './helpers/git-repo.js';

// The layering of docs/architecture.md ("Folders: role and what each may import"), checked against
// every relative import (static, type-only, re-export and `await import`) of src/.

type FolderGraph = Map<string, Map<string, string[]>>;

/** `src/a/b.ts` → `a`; a file at the top of src/ → `core`; `src/index.ts` → `index`. */
function folderOf(rel: string): string {
  const parts = rel.split('/');
  if (parts.length === 2) return parts[1] === 'index.ts' ? 'index' : 'core';
  return parts[1]!;
}

function sourceFiles(dir = 'src'): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []))
    .sort();
}

/** folder → imported folder → the `file → specifier` lines that make the edge. */
function folderGraph(): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const file of sourceFiles()) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(REPO_ROOT, file), 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const from = folderOf(file);
      const to = folderOf(posix.normalize(posix.join(dirname(file), fileName)));
      if (from === to) continue;
      const targets = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, targets);
      targets.set(to, [...(targets.get(to) ?? []), `${file} → ${fileName}`]);
    }
  }
  return graph;
}

/** Every cycle of folders, each as `a → b → … → a`, found by a depth-first walk (each printed once, from its least folder). */
export function folderCycles(graph: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[] {
  const cycles = new Set<string>();
  const walk = (node: string, path: string[]) => {
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const loop = path.slice(at);
        const start = loop.indexOf([...loop].sort()[0]!);
        const turned = [...loop.slice(start), ...loop.slice(0, start)];
        cycles.add([...turned, turned[0]].join(' → '));
      } else walk(next, [...path, next]);
    }
  };
  for (const node of [...graph.keys()].sort()) walk(node, [node]);
  return [...cycles].sort();
}

/** The "may import" column of docs/architecture.md's folder table: folder → allowed folders, or `everything`. */
function allowedImports(): Map<string, Set<string> | 'everything'> {
  const doc = readFileSync(join(REPO_ROOT, 'docs/architecture.md'), 'utf8');
  const rows = [...doc.matchAll(/^\| `src\/([a-z-]+)\/` \|.*\| ([^|]+) \|$/gm)];
  return new Map(rows.map(([, folder, cell]) => [folder!, cell!.trim() === 'everything' ? 'everything' : new Set(cell!.split(',').map((w) => w.trim()))]));
}

const layers = suite('src/ folders import only what docs/architecture.md allows');

layers('no import cycle between folders', () => {
  const graph = folderGraph();
  const cycles = folderCycles(graph);
  const evidence = cycles.map((cycle) => {
    const hops = cycle.split(' → ');
    return `${cycle}: ${hops
      .slice(1)
      .map((to, i) => graph.get(hops[i]!)!.get(to)![0])
      .join('; ')}`;
  });
  assert.equal(evidence, []);
});

layers('every import between folders is in the table, and every folder of src/ has a row', () => {
  const allowed = allowedImports();
  const graph = folderGraph();
  const problems: string[] = [];
  const folders = new Set(sourceFiles().map(folderOf));
  for (const folder of folders) if (folder !== 'core' && folder !== 'index' && !allowed.has(folder)) problems.push(`src/${folder}/ has no row in the table`);
  for (const [from, targets] of graph) {
    for (const [to, lines] of targets) {
      if (from === 'index') {
        if (to === 'cli') problems.push(`the library API imports the CLI: ${lines[0]}`);
        continue;
      }
      if (from === 'core') {
        problems.push(`core imports ${to}/: ${lines[0]}`);
        continue;
      }
      const rule = allowed.get(from);
      if (rule === undefined || rule === 'everything' || rule.has(to)) continue;
      problems.push(`${from}/ may not import ${to}/ (allowed: ${[...rule].join(', ')}): ${lines.join('; ')}`);
    }
  }
  assert.equal(problems, []);
});

layers('the table itself is read: a row per folder, the lists are folder names', () => {
  const allowed = allowedImports();
  for (const folder of ['cli', 'run', 'plan', 'tracking', 'queue', 'config', 'io']) assert.ok(allowed.has(folder), folder);
  assert.is(allowed.get('cli'), 'everything');
  const names = new Set([...allowed.keys(), 'core']);
  for (const [folder, rule] of allowed) if (rule !== 'everything') for (const name of rule) assert.ok(names.has(name), `${folder}: "${name}" is no folder`);
});

layers('the cycle finder names each cycle once, from its least folder', () => {
  const graph = (edges: string[]) => {
    const g = new Map<string, Map<string, true>>();
    for (const e of edges) {
      const [a, b] = e.split('>') as [string, string];
      g.set(a, (g.get(a) ?? new Map<string, true>()).set(b, true));
    }
    return g;
  };
  assert.equal(folderCycles(graph(['plan>queue', 'queue>io'])), []);
  assert.equal(folderCycles(graph(['queue>tracking', 'tracking>queue', 'config>io'])), ['queue → tracking → queue']);
  assert.equal(folderCycles(graph(['run>plan', 'plan>queue', 'queue>run', 'io>core'])), ['plan → queue → run → plan']);
});

layers.run();
