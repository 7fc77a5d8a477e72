/**
 * Starts `events-gateway-process.ts` as a child process (node with tsx's loader, so that the pid
 * is the gateway's own), waits for its `ready`, and stops it with SIGTERM or kills it with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const repoDir = path.resolve(__dirname, '..', '..');

/** A gateway as a process of its own, which a test kills and starts again. */
export class GatewayProcess {
  #child: ChildProcess | undefined;
  readonly #env: Record<string, string>;
  readonly log: string[] = [];

  constructor(env: Record<string, string>) {
    this.#env = env;
  }

  async start(): Promise<void> {
    // node itself with tsx's loader, not the tsx wrapper: the pid killed is the gateway's
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'events-gateway-process.ts')], {
      cwd: repoDir,
      env: { ...process.env, ...this.#env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    child.stderr.on('data', (chunk: Buffer) => this.log.push(chunk.toString('utf8')));
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        if (line === 'ready') resolve();
      });
      child.once('exit', (code) => {
        reject(new Error(`gateway process exited with ${String(code)}: ${this.log.join('')}`));
      });
    });
  }

  /** SIGKILL: the process ends wherever it is, between any two instructions. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => { resolve(false); }, 10_000))]);
    if (!done) child.kill('SIGKILL');
  }
}
