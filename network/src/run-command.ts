import { execFile } from 'node:child_process';
import { NetworkError } from './network-error';

/** Options for one short-lived command. */
export interface RunCommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Milliseconds before the command is killed; default 120 s. */
  readonly timeoutMs?: number;
  /**
   * Values that must never appear in an error (passwords handed over in `env`): they are replaced
   * by `***` in the output line a failure reports.
   */
  readonly secrets?: readonly string[];
}

/** Output of a finished command. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** The most telling line of a failed command's output: the last error line, else the last line. */
export function lastErrorLine(output: string): string {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  const errorLine = [...lines].reverse().find((line) => /error|fail|refused|denied/i.test(line));
  return (errorLine ?? lines.at(-1) ?? '').slice(0, 400);
}

/**
 * How a failure names a command: the program and its leading sub-command words (`peer lifecycle
 * chaincode`, `fabric-ca-client enroll`), never its flags or their values, which may be paths,
 * URLs or (in a careless caller) secrets.
 */
export function describeCommand(file: string, args: readonly string[]): string {
  const words: string[] = [];
  for (const arg of args) {
    if (words.length === 3 || !/^[a-z][a-z-]*$/.test(arg)) break;
    words.push(arg);
  }
  return [file.split('/').at(-1) ?? file, ...words].join(' ');
}

/** Replaces every given secret in a text by `***`. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  return secrets.filter((secret) => secret.length > 0).reduce((out, secret) => out.split(secret).join('***'), text);
}

function failureOf(error: Error & { code?: unknown; signal?: unknown }): string {
  if (typeof error.signal === 'string') return `killed by ${error.signal}`;
  if (typeof error.code === 'number') return `exit code ${String(error.code)}`;
  return typeof error.code === 'string' ? `could not run (${error.code})` : 'could not run';
}

/**
 * Runs a command to completion and returns its output.
 * @throws {NetworkError} COMMAND_FAILED naming the command and its sub-command with its last error
 *   line (secrets redacted); never its arguments or environment, and without node's error as cause
 *   (that one carries the whole command line).
 */
export function runCommand(file: string, args: readonly string[], options: RunCommandOptions = {}): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env: options.env ?? process.env, cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          const detail = redactSecrets(lastErrorLine(`${stdout}\n${stderr}`), options.secrets) || failureOf(error);
          reject(new NetworkError('COMMAND_FAILED', `${describeCommand(file, args)} failed: ${detail}`));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

/**
 * Runs a command, retrying while it fails, until the deadline.
 * Used where Fabric is known to refuse briefly (Raft leader election after a channel join).
 * @throws {NetworkError} the last failure once the deadline has passed.
 */
export async function runCommandWithRetry(
  file: string,
  args: readonly string[],
  options: RunCommandOptions & { readonly deadlineMs: number; readonly retryIf?: (error: NetworkError) => boolean },
): Promise<CommandOutput> {
  const deadline = Date.now() + options.deadlineMs;
  for (;;) {
    try {
      return await runCommand(file, args, options);
    } catch (error) {
      const retryable = error instanceof NetworkError && (options.retryIf?.(error) ?? true);
      if (!retryable || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
