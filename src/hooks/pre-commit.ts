import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { writeFileAtomicSync } from '../io/atomic-write.js';
import { blobId } from '../io/blob-id.js';
import { gitExec, gitText } from '../io/git-exec.js';
import { entryKind } from '../io/inside-repo.js';
import { readStagedTree, type StagedTree } from '../io/git-index.js';
import type { Config } from '../types.js';
import { decidePreCommit, type PreCommitAction } from './decide-pre-commit.js';

/** The plan compiled from the staged state: its bytes when it compiled, the config it used, and the problems. */
export interface StagedCompile {
  bytes?: Buffer;
  config: Config;
  diagnostics: Diagnostic[];
  /** What moved between the staged plan file and this compile, one sentence each (for messages). */
  changes(): Promise<string[]>;
  /** Tell the plan cache that the staged plan file holds `bytes` now (see BuiltPlan). */
  planFileHoldsBytes?(): Promise<void>;
}

export type CompileStaged = (options: { root: string; tree: StagedTree; env: Env }) => Promise<StagedCompile>;
type Env = Record<string, string | undefined>;

/** `queueDir`: the project's queue folder (config queue.dir), where the hook looks for item files left untracked. */
export type PreCommitResult = ({ kind: 'invalid'; diagnostics: Diagnostic[] } | (PreCommitAction & { planFile: string; changes: string[] })) & {
  queueDir?: string;
};

/**
 * The pre-commit hook (docs/hooks.md): compile the plan from the index and make the index's
 * plan file equal to it, touching nothing but that one path.
 */
export async function runPreCommit(options: { root: string; env: Env; compile: CompileStaged }): Promise<PreCommitResult> {
  const { root, env } = options;
  const tree = await readStagedTree({ root, env });
  try {
    const compiled = await options.compile({ root, tree, env });
    const planFile = compiled.config.plan.file.replace(/^(\.\/)+/, '');
    const queueDir = compiled.config.queue.dir;
    if (compiled.bytes === undefined) return { kind: 'invalid', diagnostics: compiled.diagnostics, queueDir };
    const next = compiled.bytes;
    const index = tree.entries.get(planFile)?.oid;
    const nextOid = blobId(next, index ?? anyOid(tree));
    // Read from disk already (a cache hit checks the staged plan) and found to be the staged blob: no second read.
    const work = index !== undefined && tree.readFromWorkTree(planFile) ? index : await workTreeBlobId(root, env, planFile, index);
    // HEAD only tells partial staging apart, which needs a work-tree copy that differs from the
    // staged one; otherwise the decision is the same whatever HEAD holds (tested), so it is not read.
    const head = work === index ? index : await tree.headBlobId(planFile);
    const action = decidePreCommit({ index, head, work }, nextOid, compiled.config.hook.mode);
    if (action.kind === 'unchanged') await compiled.planFileHoldsBytes?.();
    if (action.kind !== 'stage' && action.kind !== 'check') return { ...action, planFile, changes: [], queueDir };
    // The staged plan is read (from disk, where it still is) before staging rewrites that file;
    // then the list of what moved is worked out while git updates the index.
    tree.read(planFile).catch(() => undefined); // a failure surfaces where changes() reads it
    const [changes] = await Promise.all([
      compiled.changes(),
      action.kind === 'stage'
        ? stagePlan({ root, env, planFile, next, mode: tree.entries.get(planFile)?.mode, writeWorkTree: action.writeWorkTree }).then(() =>
            compiled.planFileHoldsBytes?.(),
          )
        : undefined,
    ]);
    return { ...action, planFile, changes, queueDir };
  } finally {
    tree.close();
  }
}

async function stagePlan(options: { root: string; env: Env; planFile: string; next: Buffer; mode?: string; writeWorkTree: boolean }): Promise<void> {
  const { root, env, planFile } = options;
  const kind = entryKind(root, planFile);
  if (options.writeWorkTree && kind !== 'folder' && kind !== 'other') {
    // The work-tree copy equals the staged one, so writing it loses nothing: atomically (a temp file
    // renamed over it, which replaces a symbolic link instead of writing through it), keeping the
    // permission bits; then one git process hashes it, stores the blob and updates the index entry
    // (what `git add` does). docs/hooks.md, "How the plan is written".
    const path = join(root, planFile);
    writeFileAtomicSync(path, options.next, { mkdir: true, mode: kind === 'missing' ? undefined : statSync(path).mode & 0o7777 });
    await gitExec(['update-index', '--add', '--', planFile], { cwd: root, env });
    return;
  }
  // The work-tree copy holds the user's unstaged edits (or is no file at all): stage the blob without
  // touching it, as a regular file (executable if it was).
  const [oid, prefix] = await Promise.all([
    gitText(['hash-object', '-w', '--stdin', `--path=${planFile}`], { cwd: root, env, input: options.next }).then((out) => out.trim()),
    topLevelPrefix(root, env),
  ]);
  const mode = options.mode === '100755' ? '100755' : '100644';
  await gitExec(['update-index', '--add', '--cacheinfo', `${mode},${oid},${prefix}${planFile}`], { cwd: root, env });
}

/** --cacheinfo paths are relative to the top level, not the working directory. */
async function topLevelPrefix(root: string, env: Env): Promise<string> {
  // Git runs hooks at the top level of the work tree, where `.git` sits: no need to ask.
  if (existsSync(join(root, '.git')) && !env.GIT_WORK_TREE) return '';
  return (await gitText(['rev-parse', '--show-prefix'], { cwd: root, env })).trim();
}

/**
 * The work-tree file's blob id as git would hash it (clean filters applied). Bytes that hash
 * to the staged blob are that blob, whatever the filters, so the common case needs no git
 * process; any other answer comes from `git hash-object`.
 */
async function workTreeBlobId(root: string, env: Env, path: string, staged: string | undefined): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(root, path));
  } catch {
    return undefined;
  }
  if (staged !== undefined && blobId(bytes, staged) === staged) return staged;
  const out = await gitExec(['hash-object', '--', path], { cwd: root, env, okCodes: [128] });
  return out.code === 0 ? out.stdout.toString('utf8').trim() : undefined;
}

function anyOid(tree: StagedTree): string | undefined {
  for (const entry of tree.entries.values()) return entry.oid;
  return undefined;
}

/**
 * Git runs hooks at the top level and may pass GIT_DIR / GIT_INDEX_FILE as relative
 * paths; make them absolute so git children started in another folder still find them.
 */
export function absoluteGitEnv(env: Env, cwd: string): Env {
  const out = { ...env };
  for (const key of ['GIT_DIR', 'GIT_INDEX_FILE', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY']) {
    const value = out[key];
    if (value && !isAbsolute(value)) out[key] = resolve(cwd, value);
  }
  return out;
}
