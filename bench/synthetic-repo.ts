import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { random } from './random.js';

export interface SyntheticRepo {
  files: number;
  items: number;
}

interface Module {
  /** Repo-relative path. */
  path: string;
  pkg: number;
  dir: string;
  name: string;
}

const PACKAGES = 10;
const DIRS_PER_PACKAGE = 12;

/**
 * A deterministic TypeScript monorepo of about `files` source files: npm workspaces with
 * `packages/p<i>` (package `@bench/p<i>`, some exporting src, some pointing at absent dist),
 * a `paths` alias per package, barrels (`index.ts`) per folder, shared core modules everyone
 * imports, fan-out 3–15 mixing relative, `.js`, barrel, alias and workspace-package imports;
 * plus a queue of `items` items declaring 1–3 files each.
 */
export function writeSyntheticRepo(root: string, spec: SyntheticRepo, seed = 42): void {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out = new Map<string, string>();
  const modules: Module[] = [];
  const perDir = Math.max(1, Math.round(spec.files / (PACKAGES * DIRS_PER_PACKAGE)) - 1);
  for (let p = 0; p < PACKAGES; p++) {
    for (let d = 0; d < DIRS_PER_PACKAGE; d++) {
      for (let m = 0; m < perDir; m++) modules.push({ path: `packages/p${p}/src/d${d}/m${m}.ts`, pkg: p, dir: `d${d}`, name: `m${m}` });
    }
  }
  const core = modules.filter((m) => m.pkg === 0 && m.dir === 'd0');
  const byPackage = Array.from({ length: PACKAGES }, (_, p) => modules.filter((m) => m.pkg === p));
  out.set('package.json', JSON.stringify({ name: 'bench', private: true, workspaces: ['packages/*'] }, null, 2));
  out.set(
    'tsconfig.base.json',
    JSON.stringify({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler', strict: true, target: 'es2022' } }, null, 2),
  );
  out.set('tsconfig.json', JSON.stringify({ files: [], references: Array.from({ length: PACKAGES }, (_, p) => ({ path: `./packages/p${p}` })) }, null, 2));
  for (let p = 0; p < PACKAGES; p++) {
    const manifest =
      p % 2 === 0
        ? { name: `@bench/p${p}`, version: '1.0.0', exports: { '.': { types: './src/index.ts', default: './dist/index.js' } } }
        : { name: `@bench/p${p}`, version: '1.0.0', main: 'dist/index.js', types: 'dist/index.d.ts' };
    out.set(`packages/p${p}/package.json`, JSON.stringify(manifest, null, 2));
    out.set(
      `packages/p${p}/tsconfig.json`,
      JSON.stringify(
        { extends: '../../tsconfig.base.json', compilerOptions: { composite: true, paths: { [`~p${p}/*`]: ['./src/*'] } }, include: ['src'] },
        null,
        2,
      ),
    );
    const dirs = Array.from({ length: DIRS_PER_PACKAGE }, (_, d) => `d${d}`);
    out.set(`packages/p${p}/src/index.ts`, dirs.map((d) => `export * from './${d}';`).join('\n') + '\n');
    for (const d of dirs) {
      const names = modules.filter((m) => m.pkg === p && m.dir === d).map((m) => m.name);
      out.set(`packages/p${p}/src/${d}/index.ts`, names.map((n) => `export * as ${n} from './${n}';`).join('\n') + '\n');
    }
  }
  for (const [i, mod] of modules.entries()) {
    const fanOut = 3 + Math.floor(rnd() * 13);
    const imports = new Set<string>();
    const samePackage = byPackage[mod.pkg];
    const sameDir = samePackage.filter((m) => m.dir === mod.dir);
    for (let k = 0; k < fanOut; k++) {
      const r = rnd();
      // 15% shared core, 10% another workspace package, 35% the same folder, 40% the same package
      const target = r < 0.15 ? pick(core) : r < 0.25 ? pick(modules) : r < 0.6 ? pick(sameDir) : pick(samePackage);
      imports.add(specifierFor(mod, target, rnd()));
    }
    imports.delete('');
    const lines = [...imports].map((s, k) => `import * as i${k} from '${s}';`);
    lines.push('', `export const value${i} = ${i};`, `export function run${i}(input: number): number {`);
    for (let k = 0; k < imports.size; k++) lines.push(`  input += typeof i${k} === 'object' ? ${k} : 0;`);
    lines.push('  return input;', '}', `export interface Shape${i} { id: number; label: string; tags: string[] }`, '');
    out.set(mod.path, lines.join('\n'));
  }
  const items = Math.min(spec.items, 999);
  for (let n = 1; n <= items; n++) {
    const files = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(modules).path);
    const blocked = n > 5 && rnd() < 0.2 ? `**BlockedBy**: ${String(1 + Math.floor(rnd() * (n - 1))).padStart(3, '0')}\n` : '';
    out.set(
      `.agent/queue/${String(n).padStart(3, '0')}-pending-item-${n}.md`,
      `---\nfiles: [${[...new Set(files)].join(', ')}]\n---\n# Item ${n}\n**Status**: pending\n${blocked}`,
    );
  }
  for (const [path, text] of out) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** How `from` imports `to`: relative (with or without `.js`), a barrel, the package alias, or the workspace package. */
function specifierFor(from: Module, to: Module, r: number): string {
  if (from.path === to.path) return '';
  if (from.pkg !== to.pkg) return `@bench/p${to.pkg}`;
  if (from.dir === to.dir) return r < 0.5 ? `./${to.name}` : `./${to.name}.js`;
  if (r < 0.4) return `../${to.dir}/${to.name}`;
  if (r < 0.7) return `~p${to.pkg}/${to.dir}/${to.name}`;
  return `../${to.dir}`;
}
