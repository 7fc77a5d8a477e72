/**
 * Runs a Fabric CLI command that is expected to be refused as often as accepted, and keeps its whole
 * output either way, so a test can assert on the refusal's reason and not only on an exit code.
 */
import { execFile } from 'node:child_process';

/** What a command said, and whether it exited 0. */
export interface CliOutcome {
  readonly ok: boolean;
  /** stdout and stderr together. */
  readonly output: string;
}

/** Runs a command to completion (60 s at most) and returns its outcome; never rejects on a non-zero exit. */
export function runCli(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 60_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ ok: error === null, output: `${stdout}\n${stderr}`.trim() });
    });
  });
}

/**
 * Runs a command, again while the ordering service answers SERVICE_UNAVAILABLE (a Raft leader being
 * elected, e.g. after another suite restarted an orderer), and returns the first other outcome.
 */
export async function runCliPastLeaderElection(file: string, args: readonly string[], env: NodeJS.ProcessEnv, deadlineMs = 30_000): Promise<CliOutcome> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const outcome = await runCli(file, args, env);
    if (outcome.ok || !/SERVICE_UNAVAILABLE/.test(outcome.output) || Date.now() > deadline) return outcome;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
