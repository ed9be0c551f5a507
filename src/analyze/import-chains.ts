/** What separates the files of an import chain in evidence. */
export const CHAIN_SEPARATOR = ' → ';

/** `src/b.ts → src/x.ts → src/a.ts` (reader first): the evidence format of src/types.ts Conflict. */
export function formatChain(chain: readonly string[]): string {
  return chain.join(CHAIN_SEPARATOR);
}
