import { InvalidArgumentError, Option } from 'commander';

/**
 * Options that several commands take, each declared and parsed once: a command body receives a
 * valid, typed value (commander reports a bad one as `error: option '…' argument '…' is invalid`
 * and exit 1). docs/architecture.md: "A CLI option".
 */

/** `--max-parallel <n>`: a whole number 1..64 written as digits (`1e1` and `3.0` are refused). */
export function parseMaxParallel(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new InvalidArgumentError(`--max-parallel must be a whole number from 1 to 64 (e.g. --max-parallel 3)`);
  return n;
}

export const maxParallelOption = (description: string) => new Option('--max-parallel <n>', description).argParser(parseMaxParallel);

/** `<n>` options that count things: a whole number of at least `min`, written as digits (`1e1`, `3.0`, `-1` are refused). */
export function wholeNumberOption(flags: string, description: string, min: number, defaultValue?: number): Option {
  const flag = flags.split(' ')[0]!;
  const option = new Option(flags, description).argParser((value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`${flag} must be a whole number of at least ${min}`);
    return Number(value);
  });
  return defaultValue === undefined ? option : option.default(defaultValue);
}

/** `<seconds>` and `<minutes>` options: a number of at least 0, decimals allowed (`0.5`; not `1e3`, `-1` or `soon`). */
export function durationOption(flags: string, description: string, defaultValue?: number): Option {
  const flag = flags.split(' ')[0]!;
  const option = new Option(flags, description).argParser((value: string) => {
    if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError(`${flag} must be a number of at least 0, such as 30 or 0.5`);
    return Number(value);
  });
  return defaultValue === undefined ? option : option.default(defaultValue);
}

export const FOOTPRINT_MODES = ['declared', 'inferred'] as const;
export const footprintsOption = () =>
  new Option(
    '--footprints <mode>',
    'declared: use only what items declare; inferred (default): items that declare nothing get footprints inferred from their words',
  ).choices(FOOTPRINT_MODES);

export const SCHEDULES = ['waves', 'dynamic'] as const;
export const scheduleOption = () =>
  new Option('--schedule <mode>', 'waves (the reviewed waves, in order) or dynamic (same constraints, no wave barriers)').choices(SCHEDULES).default('waves');

export const reportFormatOption = (description: string) => new Option('--format <format>', description).choices(['text', 'md', 'json']).default('text');

/** `--pr <n>`: a pull request's number. */
export function parsePullRequest(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('--pr must be a pull request number (e.g. --pr 42)');
  return n;
}
