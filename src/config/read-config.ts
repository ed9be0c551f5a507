import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { ParseMemo } from '../io/parse-memo.js';
import type { TreeReader } from '../io/ports.js';
import { decodeUtf8 } from '../text.js';
import type { Config } from '../types.js';
import { CONFIG_FILE, defaultConfig } from './defaults.js';
import { parseConfig } from './parse-config.js';

export const TRACKING_FILE = '.agent/tracking.config.json';

export interface ConfigRead {
  config: Config;
  diagnostics: Diagnostic[];
  /** The config file read, or undefined when the defaults apply. */
  source?: string;
  /** The raw text, for fingerprints. */
  text?: string;
}

/**
 * `parallel.config.yaml` at the repo root; without it, the defaults, with the provider
 * taken from the ecosystem's `.agent/tracking.config.json` when that exists. With a memo, a
 * config text parsed before is not parsed again.
 */
export async function readConfig(tree: TreeReader, memo?: ParseMemo): Promise<ConfigRead> {
  const bytes = await tree.read(CONFIG_FILE);
  if (bytes) {
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) {
      return {
        config: defaultConfig(),
        source: CONFIG_FILE,
        diagnostics: [
          diagnostic({
            file: CONFIG_FILE,
            line: decoded.line,
            col: decoded.col,
            code: 'CONFIG_ENCODING',
            message: 'file is not valid UTF-8',
            expected: 'UTF-8 text',
          }),
        ],
      };
    }
    const parse = (text: string) => parseConfig(text, CONFIG_FILE);
    return { ...(memo ? memo.through('config', CONFIG_FILE, decoded.text, parse) : parse(decoded.text)), source: CONFIG_FILE, text: decoded.text };
  }
  const config = defaultConfig();
  const tracking = await tree.read(TRACKING_FILE);
  if (!tracking) return { config, diagnostics: [] };
  const decoded = decodeUtf8(tracking);
  try {
    const json = JSON.parse(decoded.ok ? decoded.text : '') as { issue_tracking?: { provider?: unknown; repo?: unknown } };
    const provider = json.issue_tracking?.provider;
    if (provider === 'github') {
      config.tracking.provider = 'github';
      if (typeof json.issue_tracking?.repo === 'string') config.tracking.github = { repo: json.issue_tracking.repo };
    } else if (provider !== undefined && provider !== 'file-based' && provider !== 'file' && provider !== 'local') {
      return {
        config,
        source: TRACKING_FILE,
        diagnostics: [
          diagnostic({
            file: TRACKING_FILE,
            code: 'TRACKING_PROVIDER',
            message: `issue_tracking.provider "${String(provider)}" is not supported`,
            expected: 'file-based | github',
            found: String(provider),
          }),
        ],
      };
    }
    return { config, diagnostics: [], source: TRACKING_FILE, text: decoded.ok ? decoded.text : undefined };
  } catch (error) {
    return {
      config,
      source: TRACKING_FILE,
      diagnostics: [
        diagnostic({
          file: TRACKING_FILE,
          code: 'TRACKING_JSON',
          message: `not valid JSON: ${(error as Error).message}`,
          expected: '{ "issue_tracking": { "provider": "file-based" } }',
        }),
      ],
    };
  }
}
