import type { Diagnostic } from './diagnostics.js';
import { ExitCode } from './exit-code.js';

/** Base of every error waveplan stops on; `cli/main.ts` prints it in one line, no stack. */
export class WaveplanError extends Error {
  constructor(
    message: string,
    readonly code: string = 'WAVEPLAN',
    readonly exitCode: number = ExitCode.error,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ConfigError extends WaveplanError {
  constructor(message: string) {
    super(message, 'CONFIG');
  }
}

/** User input failed validation; the diagnostics say where. */
export class DiagnosticsError extends WaveplanError {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} in the queue or config`, 'INVALID');
  }
}

export class StalePlanError extends WaveplanError {
  constructor(message: string) {
    super(message, 'STALE_PLAN');
  }
}

export class LockError extends WaveplanError {
  constructor(message: string) {
    super(message, 'LOCKED');
  }
}

/** A broken invariant inside waveplan: printed as a bug, with its stack. */
export class InternalError extends WaveplanError {
  constructor(message: string) {
    super(message, 'INTERNAL');
  }
}

/** Already printed; the CLI only exits with its code. */
export class ReportedError extends WaveplanError {
  constructor(exitCode: number = ExitCode.error) {
    super('already reported', 'REPORTED', exitCode);
  }
}
