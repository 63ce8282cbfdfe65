/** @module rawHttp (test helper): one HTTP request written byte for byte over TCP, so targets reach the server unnormalised. */
import net from 'node:net';

export interface RawResponse {
  /** Status code, or 0 when the server closed the connection without a response. */
  status: number;
  text: string;
}

export function rawRequest(port: number, raw: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve(parse()) : reject(err)));
    socket.on('close', () => resolve(parse()));
    socket.write(raw);
    const parse = (): RawResponse => {
      const text = Buffer.concat(chunks).toString('utf8');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      return { status: m ? Number(m[1]) : 0, text };
    };
  });
}
