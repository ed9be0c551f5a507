import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Items whose commands append `start ID` / `end ID` lines to one shared log. The lines are
 * appended with O_APPEND in real order, so replaying them proves what overlapped, without
 * comparing clocks.
 */
export const TRACE_SCRIPT = `#!/bin/sh
# usage: sh .agent/trace.sh SECONDS EXIT_CODE [AFTER_ID]
# AFTER_ID: first wait (up to 10 s) until apply has renamed that item to completed or blocked
dir="$(cd "$(dirname "$0")" && pwd)"
log="$dir/trace.log"
echo "start $WAVEPLAN_ITEM_ID wave=$WAVEPLAN_WAVE" >> "$log"
if [ -n "$3" ]; then i=0; while ! ls "$dir/queue" | grep -Eq "^$3-(completed|blocked)-" && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; fi
sleep "\${1:-0.1}"
if [ "\${2:-0}" != 0 ]; then i=1; while [ $i -le 30 ]; do echo "output line $i of $WAVEPLAN_ITEM_ID"; i=$((i+1)); done; fi
echo "end $WAVEPLAN_ITEM_ID" >> "$log"
exit "\${2:-0}"
`;

export interface TraceItem {
  id: string;
  slug?: string;
  status?: string;
  blockedBy?: string[];
  files?: string[];
  seconds?: number;
  exitCode?: number;
  /** Keep running until apply has renamed this item to completed or blocked (order without timing). */
  after?: string;
  run?: string;
}

/** Queue files (path → content) for trace items, plus the trace script. */
export function traceQueueFiles(items: TraceItem[], queue = '.agent/queue'): Record<string, string> {
  const files: Record<string, string> = { '.agent/trace.sh': TRACE_SCRIPT };
  for (const item of items) {
    const front = [
      '---',
      `files: [${(item.files ?? [`src/${item.id}.ts`]).join(', ')}]`,
      `run: ${item.run ?? `sh .agent/trace.sh ${item.seconds ?? 0.1} ${item.exitCode ?? 0}${item.after ? ` ${item.after}` : ''}`}`,
      '---',
    ];
    const body = [
      `# Item ${item.id}`,
      `**Status**: ${item.status ?? 'pending'}`,
      `**BlockedBy**: ${item.blockedBy?.join(', ') || 'none'}`,
      '',
      '## Description',
      `Trace item ${item.id}.`,
      '',
    ];
    files[`${queue}/${item.id}-${item.status ?? 'pending'}-${item.slug ?? `item-${item.id}`}.md`] = [...front, ...body].join('\n');
  }
  return files;
}

export interface TraceEvent {
  kind: 'start' | 'end';
  id: string;
}

export function readTrace(root: string): TraceEvent[] {
  let text: string;
  try {
    text = readFileSync(join(root, '.agent/trace.log'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [kind, id] = line.split(' ');
      return { kind: kind as 'start' | 'end', id };
    });
}

export interface TraceFacts {
  /** Most items running at once. */
  peak: number;
  /** Pairs (sorted "a+b") that ran at the same time. */
  overlaps: Set<string>;
  /** id → number of starts. */
  starts: Map<string, number>;
  /** id → index of its first start / last end in the trace. */
  firstStart: Map<string, number>;
  lastEnd: Map<string, number>;
}

export function traceFacts(events: TraceEvent[]): TraceFacts {
  const running = new Set<string>();
  const facts: TraceFacts = { peak: 0, overlaps: new Set(), starts: new Map(), firstStart: new Map(), lastEnd: new Map() };
  events.forEach((e, i) => {
    if (e.kind === 'start') {
      for (const other of running) facts.overlaps.add([e.id, other].sort().join('+'));
      running.add(e.id);
      facts.peak = Math.max(facts.peak, running.size);
      facts.starts.set(e.id, (facts.starts.get(e.id) ?? 0) + 1);
      if (!facts.firstStart.has(e.id)) facts.firstStart.set(e.id, i);
    } else {
      running.delete(e.id);
      facts.lastEnd.set(e.id, i);
    }
  });
  return facts;
}
