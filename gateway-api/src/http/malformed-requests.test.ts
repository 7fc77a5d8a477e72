import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createGatewayServer } from './gateway-server';
import { createTestGateway, registerBody, type TestGateway } from '../test-support/test-gateway';

/**
 * Requests whose framing is broken, sent on a raw socket to a listening gateway: a body shorter or
 * longer than its Content-Length, and a client that goes away mid-body. None of them is the
 * gateway's fault: a 400 problem+json where an answer can still be sent, and never an error log.
 */
describe('requests with a broken body framing', () => {
  let gw: TestGateway;
  let server: Server;
  let port: number;
  let token: string;

  beforeEach(async () => {
    gw = await createTestGateway();
    server = createGatewayServer(gw.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    token = await gw.token('LAND_RECEPTION');
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await gw.close();
  });

  const body = JSON.stringify(registerBody());
  const head = (contentLength: number): string =>
    'POST /v1/cases HTTP/1.1\r\nHost: gateway\r\n' +
    `Authorization: Bearer ${token}\r\nIdempotency-Key: framing-1\r\nContent-Type: application/json\r\nContent-Length: ${String(contentLength)}\r\n\r\n`;

  /** Sends raw bytes; `then` acts on the socket after the write (half-close or destroy); resolves with all bytes received. */
  function exchange(bytes: string, then: (socket: Socket) => void): Promise<string> {
    return new Promise((resolve) => {
      let received = '';
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(bytes, () => {
          then(socket);
        });
      });
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        resolve(received);
      });
    });
  }

  /** The connections are gone and whatever the gateway does about them is done. */
  async function settled(): Promise<void> {
    for (let i = 0; i < 100; i += 1) {
      const open = await new Promise<number>((resolve, reject) => {
        server.getConnections((error, count) => {
          if (error) reject(error);
          else resolve(count);
        });
      });
      if (open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  function expectProblem400(response: string): void {
    const [headers = '', payload = ''] = response.split('\r\n\r\n');
    expect(headers).toMatch(/^HTTP\/1\.1 400 /);
    expect(headers).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(payload)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  }

  function errorLogs(): string[] {
    return gw.logLines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
  }

  it('answers a body shorter than its Content-Length, then the end of the connection, with 400 problem+json', async () => {
    const response = await exchange(head(body.length + 40) + body, (socket) => socket.end());
    expectProblem400(response);
    await settled();
    expect(errorLogs()).toEqual([]);
    expect(gw.ledger.submits).toHaveLength(0);
  });

  it('answers a body longer than its Content-Length with 400 problem+json', async () => {
    const response = await exchange(head(5) + body, () => undefined);
    expectProblem400(response);
    await settled();
    expect(errorLogs()).toEqual([]);
    expect(gw.ledger.submits).toHaveLength(0);
  });

  it('logs no error when the client goes away mid-body', async () => {
    await exchange(head(body.length + 40) + body, (socket) => {
      setTimeout(() => socket.destroy(), 100);
    });
    await settled();
    expect(errorLogs()).toEqual([]);
    expect(gw.ledger.submits).toHaveLength(0);
  });
});
