/** Exit codes: docs/commands.md. */
export const ExitCode = {
  ok: 0,
  error: 1,
  /** `plan --check`: the committed plan differs from a fresh compile. */
  differs: 2,
  /** `apply`: some items failed or were held. */
  failed: 3,
  /** `wait`: timed out. */
  timeout: 124,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
