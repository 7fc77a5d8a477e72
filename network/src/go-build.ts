import { spawn } from 'node:child_process';
import { NetworkError } from './network-error';
import { runCommand } from './run-command';

/** What to build from one of the project's wrapper Go modules (network/fabric-ca, network/leveldb-compact). */
export interface GoBuildOptions {
  /** Shown in progress lines and errors, e.g. 'Fabric CA'. */
  readonly what: string;
  /** The wrapper module's folder (its go.mod and committed go.sum). */
  readonly moduleDir: string;
  /** Packages to build, e.g. ['.'] or command package paths of a required module. */
  readonly packages: readonly string[];
  readonly outputDir: string;
  /** Whether cgo is needed (Fabric CA's SQLite driver needs it). */
  readonly cgo: boolean;
  readonly log: (line: string) => void;
}

const missingGo = (what: string): string => `Go is not installed (no \`go\` on PATH): install Go >= 1.22 to build ${what}`;

/**
 * Fails at once with a clear message when Go is missing.
 * @throws {NetworkError} GO_MISSING.
 */
export async function assertGoInstalled(what: string): Promise<void> {
  try {
    await runCommand('go', ['version']);
  } catch (error) {
    throw new NetworkError('GO_MISSING', missingGo(what), error);
  }
}

/**
 * Builds packages of a wrapper module with the module proxy (`-mod=readonly`, so go.sum is never
 * rewritten), logging progress every 10 s.
 * @throws {NetworkError} GO_MISSING when Go is not installed, COMMAND_FAILED when the build fails.
 */
export function goBuild(options: GoBuildOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', ['build', '-v', '-o', `${options.outputDir}/`, ...options.packages], {
      cwd: options.moduleDir,
      env: { ...process.env, CGO_ENABLED: options.cgo ? '1' : '0', GOFLAGS: '-mod=readonly -buildvcs=false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let compiled = 0;
    let tail = '';
    const started = Date.now();
    const progress = setInterval(() => {
      options.log(`  ... ${compiled} packages compiled (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }, 10_000);
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-2000);
      compiled += text.split('\n').filter((line) => line && !line.startsWith('go: ')).length;
    });
    child.on('error', (error) => {
      clearInterval(progress);
      reject(new NetworkError('GO_MISSING', missingGo(options.what), error));
    });
    child.on('exit', (code) => {
      clearInterval(progress);
      if (code === 0) resolve();
      else reject(new NetworkError('COMMAND_FAILED', `go build of ${options.what} failed: ${tail.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}
