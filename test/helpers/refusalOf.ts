/**
 * @module test/helpers/refusalOf: what a call that should refuse its input says, as `CODE: message`, or
 * `no error` when it accepted it (config tests compare refusals with their codes in one line).
 */
export function refusalOf(call: () => unknown): string {
  try {
    call();
  } catch (err) {
    return `${(err as { code: string }).code}: ${(err as Error).message}`;
  }
  return 'no error';
}
