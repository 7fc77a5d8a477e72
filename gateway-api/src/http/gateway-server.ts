/**
 * The HTTP server of a gateway. Node answers a request it cannot frame (a body longer or shorter
 * than its Content-Length, a connection half-closed mid-body, a malformed request line) with a bare
 * 400 before express sees it; here such a request is answered as every other refusal: 400
 * problem+json with the code VALIDATION_FAILED.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { newProblem } from './problem';

/** Node's status for the client errors that are no malformed request (its own defaults). */
const OTHER_STATUS: Readonly<Record<string, { status: number; reason: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout' },
};

/** Whether a response is on its way on this socket already (then nothing more may be written). */
function responseStarted(socket: Duplex): boolean {
  // the field Node's own default handler checks
  const message = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  return message?.headersSent === true;
}

function responseText(code: string): string {
  const other = OTHER_STATUS[code];
  if (other) return `HTTP/1.1 ${String(other.status)} ${other.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
  const body = JSON.stringify(newProblem('VALIDATION_FAILED', 'the request is not well-formed HTTP (for example, a body that does not match its Content-Length)'));
  return [
    'HTTP/1.1 400 Bad Request',
    'Content-Type: application/problem+json; charset=utf-8',
    `Content-Length: ${String(Buffer.byteLength(body))}`,
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Answers requests Node cannot parse with 400 problem+json, and closes the connection.
 * @param server the server to guard.
 * @returns the same server.
 */
export function answerMalformedRequests(server: Server): Server {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const code = error.code ?? '';
    if (code === 'ECONNRESET' || !socket.writable || responseStarted(socket)) {
      socket.destroy();
      return;
    }
    socket.end(responseText(code));
  });
  return server;
}

/**
 * An HTTP server for a gateway's express application, with {@link answerMalformedRequests}.
 * @param app the request listener (the express application).
 * @returns a server, not yet listening.
 */
export function createGatewayServer(app: RequestListener): Server {
  return answerMalformedRequests(createServer(app));
}
