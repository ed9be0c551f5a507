import { compareStrings } from '../../order.js';
import { STOPWORDS } from './stopwords.js';
import type { ItemText } from './text-evidence.js';

const TOKEN = /[A-Za-z_$][\w$-]*/g;

/**
 * The terms that make an item's text comparable with past changes (pure): every word and
 * identifier, lower-cased, with `-`, `_` and `.` dropped (`rate-limit`, `rateLimit` and
 * `rate_limit` meet), plus the parts of compound names (`expandIPv6` → `expand`, `ipv6`).
 * Stopwords and words under three letters say nothing; sorted, unique.
 */
export function itemTerms(text: ItemText): string[] {
  const out = new Set<string>();
  const all = [text.title, ...text.body].join('\n').replace(/https?:\/\/\S+/g, ' ');
  for (const [token] of all.matchAll(TOKEN)) {
    const whole = token.toLowerCase().replace(/[-_.$]/g, '');
    if (whole.length >= 3 && !STOPWORDS.has(whole)) out.add(whole);
    const parts = token
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[\s_$-]+/);
    if (parts.length < 2) continue;
    for (const part of parts) {
      const p = part.toLowerCase();
      if (p.length >= 3 && !STOPWORDS.has(p)) out.add(p);
    }
  }
  return [...out].sort(compareStrings);
}
