/** What the import-graph builder reads: the repo's file list and a synchronous text reader. */
export interface SourceHost {
  /** Every file of the repository, repo-relative POSIX paths (tracked plus untracked-not-ignored). */
  files: readonly string[];
  /** The file's text, or undefined when it cannot be read. */
  readText(path: string): string | undefined;
  /** A listed path's symbolic-link target, as stored (`../shared`), or undefined when it is no link (or links cannot be read). */
  readLink?(path: string): string | undefined;
  /**
   * A file that is not in the list, read from the work tree: a tsconfig's `extends` may name an
   * installed package (`@tsconfig/node20`, `astro/tsconfigs/strict`) or a generated, git-ignored
   * config (`./.svelte-kit/tsconfig.json`, `./.nuxt/tsconfig.json`). Only config parsing asks.
   */
  readUnlisted?(path: string): string | undefined;
  /** Whether a folder that holds no listed file is in the work tree (`node_modules/@tsconfig`); asked with readUnlisted. */
  hasUnlistedFolder?(path: string): boolean;
  /** Where a path outside the list really is (pnpm links `node_modules/cfg` into `.pnpm/`), repo-relative; undefined when missing or outside the repo. */
  realUnlisted?(path: string): string | undefined;
}

/** Extensions whose imports are always followed. */
export const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'] as const;
/** Extensions followed when the file's tsconfig has `allowJs` (or there is no tsconfig). */
export const JS_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs'] as const;

export function isTsSource(path: string): boolean {
  return TS_EXTENSIONS.some((ext) => path.endsWith(ext));
}

export function isJsSource(path: string): boolean {
  return JS_EXTENSIONS.some((ext) => path.endsWith(ext));
}

/**
 * Files code imports by their own name that TypeScript does not resolve without declarations:
 * styles, components of other frameworks, markup, images, fonts, WebAssembly, GraphQL and shader
 * sources. `import './App.css'` makes App.css part of what App.tsx reads (bundlers do the same).
 */
export function isImportedAsset(path: string): boolean {
  return ASSET.test(path);
}

const ASSET =
  /\.(?:css|scss|sass|less|styl|pcss|postcss|vue|svelte|astro|mdx|html?|svg|png|jpe?g|gif|webp|avif|ico|bmp|woff2?|ttf|otf|eot|wasm|graphql|gql|glsl|wgsl|frag|vert)$/i;

/** Installed dependencies are never part of the graph, wherever the folder sits. */
export function isInNodeModules(path: string): boolean {
  return path.startsWith('node_modules/') || path.includes('/node_modules/');
}

export function dirnameOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** `dir` joined with a relative path (`./`, `../` and plain segments), or undefined above the root. */
export function joinRelative(dir: string, relative: string): string | undefined {
  const parts = dir === '' ? [] : dir.split('/');
  for (const part of relative.split('/')) {
    if (part === '..') {
      if (parts.pop() === undefined) return undefined;
    } else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
