/** @module thrown (test helper): the InkverseError a call throws, so a test can assert its code and sentence. */
import { expect } from 'vitest';
import { InkverseError } from '../../protocol/errors.ts';

export function thrown(fn: () => unknown): InkverseError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InkverseError);
    return err as InkverseError;
  }
  throw new Error('expected an error');
}
