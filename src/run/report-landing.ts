import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentBranch } from '../land/index.js';
import type { ReportLanding, ReportLandingItem } from '../plan/compile-report.js';
import type { Config } from '../types.js';
import { RUNS_DIR } from './event-log.js';
import { listRunIds } from './read-runs.js';

interface SummaryFile {
  run: string;
  finished: string;
  exit_code: number;
  landing?: { isolation: Config['run']['isolation']; land?: Config['run']['land']; target?: string };
  audit?: Array<{ wave?: number; exceeded: string[] }>;
  items: Array<{ id: string; title: string; outcome: string; reason?: string; landed?: string; exceeded?: string[]; inferred?: boolean; branch?: string }>;
}

/** Config + the main work tree's branch + the newest `summary.json` → the report's landing section. */
export async function readReportLanding(root: string, config: Config, env: Record<string, string | undefined>): Promise<ReportLanding> {
  const worktree = config.run.isolation === 'worktree';
  const target = worktree && config.run.land === 'merge' ? await currentBranch({ cwd: root, env }) : undefined;
  const summary = newestSummary(root);
  return {
    isolation: config.run.isolation,
    ...(worktree ? { land: config.run.land, ...(target ? { target } : {}), gate: config.run.gate, retry_on_conflict: config.run.retry_on_conflict } : {}),
    ...(summary ? { last_run: lastRun(summary) } : {}),
  };
}

function newestSummary(root: string): SummaryFile | undefined {
  for (const id of listRunIds(root).reverse()) {
    const path = join(root, RUNS_DIR, id, 'summary.json');
    if (!existsSync(path)) continue;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as SummaryFile;
    } catch {
      continue; // written atomically; an unreadable one is not a run's summary
    }
  }
  return undefined;
}

/** Pure: a summary → what each item's work became. */
export function lastRun(s: SummaryFile): NonNullable<ReportLanding['last_run']> {
  const isolated = s.landing ? s.landing.isolation === 'worktree' : s.items.some((i) => i.landed !== undefined || i.branch !== undefined);
  return {
    run: s.run,
    finished: s.finished,
    exit_code: s.exit_code,
    ...(s.landing ? { isolation: s.landing.isolation } : {}),
    ...(s.landing?.target ? { target: s.landing.target } : {}),
    items: s.items.map((i) => ({
      id: i.id,
      title: i.title,
      outcome: i.outcome,
      ...itemState(i, isolated),
      ...(i.exceeded && i.exceeded.length > 0 ? { exceeded: i.exceeded, ...(i.inferred ? { inferred: true } : {}) } : {}),
    })),
    ...(s.audit && s.audit.length > 0 ? { audit: s.audit } : {}),
  };
}

function itemState(i: SummaryFile['items'][number], isolated: boolean): Pick<ReportLandingItem, 'state' | 'commit' | 'why'> {
  if (i.landed) return { state: 'landed', commit: i.landed };
  if (i.outcome === 'completed' && isolated) {
    if (i.reason?.includes('run.land: keep')) return { state: 'kept', why: i.reason };
    if (i.reason?.startsWith('no changes')) return { state: 'no changes' };
  }
  if (!isolated && i.outcome === 'completed') return { state: 'ran' };
  return { state: 'not landed', why: i.reason ?? i.outcome.replace('_', ' ') };
}
