/**
 * @module keyRing: the installation's Ed25519 signing keys, in `<data>/keys/`. At first start a key pair is made
 * (node:crypto); the private key is written readable by the service user only (mode 0600, in a 0700 folder). Each
 * key is named by its id (`k-` and 16 hex of the sha256 of its raw public key). Rotation makes a new current key,
 * deletes the old private key and keeps the old public key under its id, so verses it signed still verify.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { logger } from '../../engine/log.ts';
import { InkverseError } from '../../protocol/errors.ts';
import type { KeyList, RecordSignature } from '../../protocol/provenance.ts';

const log = logger('server:keys');

const INDEX = 'keys.json';
const IndexSchema = z.object({
  current: z.string().regex(/^k-[0-9a-f]{16}$/),
  keys: z.array(z.object({ id: z.string().regex(/^k-[0-9a-f]{16}$/), created: z.string(), retired: z.string().nullable() })).min(1),
});
type KeyIndex = z.infer<typeof IndexSchema>;

/** A key's id: `k-` and the first 16 hex digits of the sha256 of its raw 32-byte public key. */
export function keyId(publicKey: KeyObject): string {
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return `k-${createHash('sha256').update(raw).digest('hex').slice(0, 16)}`;
}

/** Writes a file whole or not at all (a crash leaves the old one). */
function writeAtomic(file: string, text: string, mode: number): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode); // the umask may have narrowed or (for 0600) the file may have existed
  renameSync(tmp, file);
}

/** Writes `privateKey`'s pair and makes it current; with `retiring`, that key's private half is deleted and its public half kept. */
function writeKey(dir: string, keys: KeyIndex['keys'], privateKey: KeyObject, created: Date, retiring: string | null): KeyIndex {
  const publicKey = createPublicKey(privateKey);
  const id = keyId(publicKey);
  writeAtomic(path.join(dir, `${id}.key.pem`), privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, 0o600);
  writeAtomic(path.join(dir, `${id}.pub.pem`), publicKey.export({ format: 'pem', type: 'spki' }) as string, 0o644);
  const kept = keys.map((k) => (k.id === retiring ? { ...k, retired: created.toISOString() } : k));
  const index: KeyIndex = { current: id, keys: [{ id, created: created.toISOString(), retired: null }, ...kept] };
  writeAtomic(path.join(dir, INDEX), JSON.stringify(index, null, 2) + '\n', 0o644);
  if (retiring) rmSync(path.join(dir, `${retiring}.key.pem`), { force: true });
  return index;
}

export class KeyRing {
  readonly dir: string;
  #index: KeyIndex;
  #private: KeyObject;

  private constructor(dir: string, index: KeyIndex, privateKey: KeyObject) {
    this.dir = dir;
    this.#index = index;
    this.#private = privateKey;
  }

  /** Opens the keys in `<dataDir>/keys/`, making the first pair when there is none. */
  static open(dataDir: string, now: () => Date): KeyRing {
    const dir = path.join(dataDir, 'keys');
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (!existsSync(path.join(dir, INDEX))) {
        const privateKey = generateKeyPairSync('ed25519').privateKey;
        const ring = new KeyRing(dir, writeKey(dir, [], privateKey, now(), null), privateKey);
        log.info({ key: ring.current, dir }, 'made the installation signing key');
        return ring;
      }
      const index = IndexSchema.parse(JSON.parse(readFileSync(path.join(dir, INDEX), 'utf8')));
      const keyFile = path.join(dir, `${index.current}.key.pem`);
      if ((statSync(keyFile).mode & 0o077) !== 0) {
        chmodSync(keyFile, 0o600);
        log.warn({ file: keyFile }, 'the private key was readable by others; made it 0600');
      }
      return new KeyRing(dir, index, createPrivateKey(readFileSync(keyFile)));
    } catch (err) {
      if (err instanceof InkverseError) throw err;
      throw new InkverseError('INKVERSE_E_KEY', `The signing keys in ${dir} could not be opened: ${(err as Error).message}. Fix the folder's permissions, or move it away to make a new key (verses signed by the old one then no longer verify).`, { cause: err });
    }
  }

  get current(): string {
    return this.#index.current;
  }

  /** A new current key; the old one's public key stays, by id. Returns the new id. */
  rotate(now: Date): string {
    const old = this.current;
    const privateKey = generateKeyPairSync('ed25519').privateKey;
    this.#index = writeKey(this.dir, this.#index.keys, privateKey, now, old);
    this.#private = privateKey;
    log.info({ key: this.current, retired: old }, 'rotated the installation signing key');
    return this.current;
  }

  /** Signs `bytes` with the current key. */
  sign(bytes: Uint8Array): RecordSignature {
    return { algorithm: 'Ed25519', keyId: this.current, value: sign(null, bytes, this.#private).toString('base64') };
  }

  /** Every public key (PEM), the current one first. */
  list(): KeyList {
    return readKeyList(path.dirname(this.dir))!;
  }
}

/** The public keys of a data folder, read only (for verifying on the installation's own machine); null when it has none. */
export function readKeyList(dataDir: string): KeyList | null {
  const dir = path.join(dataDir, 'keys');
  if (!existsSync(path.join(dir, INDEX))) return null;
  const index = IndexSchema.parse(JSON.parse(readFileSync(path.join(dir, INDEX), 'utf8')));
  return { algorithm: 'Ed25519', current: index.current, keys: index.keys.map((k) => ({ ...k, publicKey: readFileSync(path.join(dir, `${k.id}.pub.pem`), 'utf8') })) };
}
