/**
 * @module verseSeal: signs each verse as the archive saves it (the canonical JSON of its record, with the current
 * installation key), and checks a signed verse against a list of public keys (the `verse:verify` tool and tests).
 */
import { createPublicKey, verify } from 'node:crypto';
import type { ArchivedVerse, VerseSeal } from '../../engine/archivedVerse.ts';
import { provenanceRecord } from '../../engine/provenance/verseProvenance.ts';
import { canonicalJson, type KeyList, type SignedVerse, type VerseRecordV1 } from '../../protocol/provenance.ts';
import type { KeyRing } from './keyRing.ts';

/** The archive's `seal` option: the verse's record, signed. */
export function verseSealer(keys: KeyRing): (verse: ArchivedVerse) => VerseSeal {
  return (verse) => {
    const record = canonicalJson(provenanceRecord(verse));
    const signature = keys.sign(Buffer.from(record, 'utf8'));
    return { record, keyId: signature.keyId, signature: signature.value };
  };
}

/** A stored seal as `GET /v/<code>.json` answers it. */
export function signedVerse(seal: VerseSeal): SignedVerse {
  return { record: JSON.parse(seal.record) as VerseRecordV1, signature: { algorithm: 'Ed25519', keyId: seal.keyId, value: seal.signature } };
}

export type Verdict = { ok: true; keyId: string; retired: string | null } | { ok: false; reason: string };

/** Whether `signed` (parsed JSON of any shape) is a record signed by one of `keys`; the reason when not. */
export function verifySignedVerse(signed: unknown, keys: KeyList): Verdict {
  const s = signed as Partial<SignedVerse> | null;
  if (!s || typeof s !== 'object' || !s.record || typeof s.record !== 'object' || !s.signature || typeof s.signature.value !== 'string' || typeof s.signature.keyId !== 'string') {
    return { ok: false, reason: 'This is not a signed verse: it needs "record" (an object) and "signature" ({ algorithm, keyId, value }).' };
  }
  if (s.signature.algorithm !== 'Ed25519') return { ok: false, reason: `The signature's algorithm is ${JSON.stringify(s.signature.algorithm)}; only "Ed25519" is used.` };
  const key = keys.keys.find((k) => k.id === s.signature!.keyId);
  if (!key) return { ok: false, reason: `The record was signed by key ${s.signature.keyId}, which this installation does not have (its keys: ${keys.keys.map((k) => k.id).join(', ')}).` };
  const good = verify(null, Buffer.from(canonicalJson(s.record), 'utf8'), createPublicKey(key.publicKey), Buffer.from(s.signature.value, 'base64'));
  return good ? { ok: true, keyId: key.id, retired: key.retired } : { ok: false, reason: `The signature does not match the record: the record was changed after it was signed by ${key.id} (or the signature was).` };
}
