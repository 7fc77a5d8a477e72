/**
 * The gateway's pino logger: JSON lines with redaction of tokens and local references. Request
 * logs carry the route template, never the URL (a URL can hold a local reference).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths pino censors wherever they occur in a log line. */
export const REDACTED_PATHS: readonly string[] = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'token',
  'localReference',
  '*.localReference',
  'body.localReference',
  'req.body.localReference',
  'private',
  '*.private',
];

/** Creates a logger; pass a stream to capture lines (tests), else stdout. */
export function createLogger(options: Readonly<{ level: string; name: string; stream?: DestinationStream }>): Logger {
  const settings = {
    level: options.level,
    name: options.name,
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    base: { pid: process.pid },
  };
  return options.stream ? pino(settings, options.stream) : pino(settings);
}
