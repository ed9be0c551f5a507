/** Blob ids of the plan file in the three places that matter; undefined = absent there. */
export interface PlanFileBlobs {
  head?: string;
  index?: string;
  /** The work-tree file as git would hash it (clean filters applied). */
  work?: string;
}

export type PreCommitAction =
  /** The staged plan already is the compiled one: exit 0 quietly. */
  | { kind: 'unchanged' }
  /** Staged ≠ HEAD and work tree ≠ staged: the user is mid-edit; touch nothing. */
  | { kind: 'partial' }
  /** hook.mode check: fail and print the command to run. */
  | { kind: 'check' }
  /**
   * Write the compiled plan into the index. The work-tree file is rewritten only when it
   * equals the staged version, i.e. when it holds no unstaged edits that writing would lose.
   */
  | { kind: 'stage'; writeWorkTree: boolean };

/**
 * What the pre-commit hook does with the plan file (pure).
 *
 * Why the index and not the work tree: the commit is made from the index, so the plan in
 * it must be compiled from the index. When the work tree holds unstaged item edits, the
 * work-tree plan would describe a state nobody commits; so the new plan goes to the index
 * (hash-object + update-index), and to the work tree only when that overwrites nothing the
 * user wrote. Afterwards HEAD holds a consistent (items, plan) pair and every unstaged edit
 * is still unstaged.
 */
export function decidePreCommit(file: PlanFileBlobs, nextOid: string, mode: 'stage' | 'check'): PreCommitAction {
  if (file.index !== file.head && file.work !== file.index) return { kind: 'partial' };
  if (file.index === nextOid) return { kind: 'unchanged' };
  if (mode === 'check') return { kind: 'check' };
  return { kind: 'stage', writeWorkTree: file.work === file.index && file.work !== nextOid };
}
