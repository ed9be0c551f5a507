import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the waveplan package (package.json, schemas/, hooks/, bin/, dist/), found by
 * walking up from this module: the same answer from src/ (tests), dist/ (the library) and
 * dist/bin/ (the bundled CLI), whatever depth the running file sits at.
 */
export const PACKAGE_ROOT: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** waveplan's own version (package.json). */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The version and, for a build, a hash of the sources it came from (dist/build-id, written by
 * the build): what the caches key on, so one build never takes what other code computed.
 */
export const BUILD_ID: string = `${PACKAGE_VERSION}+${readBuildId()}`;

function readBuildId(): string {
  try {
    return readFileSync(join(PACKAGE_ROOT, 'dist', 'build-id'), 'utf8').trim();
  } catch {
    return 'source';
  }
}

/** A path inside the package. */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}

function nameOf(manifest: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && nameOf(manifest) === 'waveplan') return dir;
    if (dirname(dir) === dir) throw new Error(`waveplan cannot find its own package.json above ${start}; reinstall waveplan`);
  }
}
