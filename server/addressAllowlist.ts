/**
 * @module addressAllowlist: which network addresses may do something (send OSC, for now), from a list of
 * CIDR ranges and single addresses in the config. Built on node's `net.BlockList`, so IPv4, IPv6 and
 * IPv4-mapped IPv6 addresses (`::ffff:192.168.1.5`) all match the way one would expect.
 */
import net from 'node:net';
import { InkverseError } from '../protocol/errors.ts';

export class AddressAllowlist {
  readonly entries: readonly string[];
  readonly #any: boolean;
  readonly #list = new net.BlockList();

  /** `entries`: `"*"` (anyone), `"10.0.0.0/8"`, `"192.168.1.20"`, `"::1"`, `"fc00::/7"`. Throws `INKVERSE_E_CONFIG` for a bad entry. */
  constructor(entries: readonly string[], what = 'allowlist') {
    this.entries = [...entries];
    this.#any = entries.includes('*');
    for (const entry of entries) {
      if (entry === '*') continue;
      const [addr = '', prefix] = entry.split('/');
      const type = net.isIPv4(addr) ? 'ipv4' : net.isIPv6(addr) ? 'ipv6' : null;
      const bits = prefix === undefined ? (type === 'ipv4' ? 32 : 128) : Number(prefix);
      if (!type || !Number.isInteger(bits) || bits < 0 || bits > (type === 'ipv4' ? 32 : 128) || (prefix !== undefined && !/^\d+$/.test(prefix))) {
        throw new InkverseError('INKVERSE_E_CONFIG', `The ${what} entry ${JSON.stringify(entry)} is not an address or a range like "192.168.0.0/16", "::1" or "*".`);
      }
      this.#list.addSubnet(addr, bits, type);
    }
  }

  /** True when `address` (as reported by the socket) is in the list; false for anything unparsable. */
  allows(address: string): boolean {
    if (this.#any) return true;
    const type = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null;
    return type !== null && this.#list.check(address, type);
  }

  /** One line for the start-up banner. */
  describe(): string {
    return this.#any ? 'anyone' : this.entries.join(', ') || 'nobody';
  }
}
