/** @module oscSend (test helper): sends OSC messages over real UDP to an installation and waits until it has handled them all. */
import { createSocket } from 'node:dgram';
import { encodeOscMessage, type OscOutArg } from '../../../server/osc/oscEncode.ts';
import type { Installation } from '../../../server/installation.ts';

export interface OscOut {
  address: string;
  args: OscOutArg[];
}

export interface OscSender {
  /** Sends in order; resolves once the server reported every one as handled; returns how many it saw. */
  sendAll(messages: readonly OscOut[]): Promise<number>;
  /** Every refusal since the sender was made (`address: CODE message`). */
  readonly refused: string[];
  close(): void;
}

export function oscSender(inst: Installation): OscSender {
  const socket = createSocket('udp4');
  const port = inst.osc.address().port;
  const refused: string[] = [];
  const offRefused = inst.osc.refusals.on('refused', (r) => refused.push(`${r.address}: ${r.code} ${r.message}`));
  const send = (m: OscOut): Promise<void> =>
    new Promise((resolve, reject) => socket.send(encodeOscMessage(m.address, m.args), port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  return {
    refused,
    async sendAll(messages) {
      let seen = 0;
      const done = new Promise<void>((resolve) => {
        const off = inst.osc.events.on('activity', () => {
          // Activity is reported just before the message is handled, synchronously: the next turn sees it applied.
          if (++seen === messages.length) (off(), setImmediate(resolve));
        });
      });
      for (const m of messages) await send(m);
      await done;
      return seen;
    },
    close() {
      offRefused();
      socket.close();
    },
  };
}
