import { execFile } from 'node:child_process';
import { NetworkError } from './network-error';

/** Options for one short-lived command. */
export interface RunCommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Milliseconds before the command is killed; default 120 s. */
  readonly timeoutMs?: number;
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
 * Runs a command to completion and returns its output.
 * @throws {NetworkError} COMMAND_FAILED with the command's last error line.
 */
export function runCommand(file: string, args: readonly string[], options: RunCommandOptions = {}): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env: options.env ?? process.env, cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          const detail = lastErrorLine(`${stdout}\n${stderr}`) || error.message;
          const name = file.split('/').at(-1) ?? file;
          reject(new NetworkError('COMMAND_FAILED', `${name} ${args[0] ?? ''} ${args[1] ?? ''} failed: ${detail}`, error));
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
