import { createInterface } from 'node:readline/promises';

/** Ask a yes/no question on the terminal (stderr, so stdout stays data); only "y" or "yes" is yes. */
export async function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
