/** @module errors test: what a client is told when something fails: the coded error as it was, or a plain internal one that leaks nothing. */
import { describe, expect, it } from 'vitest';
import { InkverseError, toErrorPayload } from '../../protocol/errors.ts';

describe('toErrorPayload', () => {
  it('sends a coded error as it is', () => {
    expect(toErrorPayload(new InkverseError('INKVERSE_E_QUEUE_FULL', 'The queue is full.'))).toEqual({ code: 'INKVERSE_E_QUEUE_FULL', message: 'The queue is full.' });
  });

  it('turns anything else into INKVERSE_E_INTERNAL, without its message (paths, stack) reaching the client', () => {
    const payload = toErrorPayload(new Error('ENOENT: /srv/inkverse/data/secret.db'));
    expect(payload.code).toBe('INKVERSE_E_INTERNAL');
    expect(payload.message).not.toContain('secret');
  });
});
