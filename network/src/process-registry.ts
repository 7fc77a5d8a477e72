import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { RunLayout } from './layout';
import { runInNamespace } from './netns';

/** What starts one long-running process of the network. */
export interface ProcessSpec {
  /** Name for the pid file, the log file and status. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** The ports it listens on, shown by status and checked before start. */
  readonly ports: readonly number[];
  /** The network namespace to run it in (`ip netns exec`); default the registry's placement, else none. */
  readonly namespace?: string;
}

/** Options of a registry. */
export interface ProcessRegistryOptions {
  /**
   * Which network namespace a process runs in, by name (undefined: this host's own network), for
   * processes started without a `namespace` of their own; see `placeOrgInNamespace` in netns.ts.
   */
  readonly placement?: (name: string) => string | undefined;
}

function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !isZombie(pid);
}

/** The process group of a pid (field 5 of /proc/<pid>/stat), or undefined when unreadable. */
function groupOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name in parentheses may hold spaces: the fields after it are state, ppid, pgrp
    const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    return Number.isInteger(pgrp) ? pgrp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether any process of the group still runs (zombies do not count). Without /proc, whether the
 * group can still be signalled.
 */
function isGroupAlive(pgid: number): boolean {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);
  } catch {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  return pids.some((pid) => groupOf(pid) === pgid && isAlive(pid));
}

function runsCommand(pid: number, command: string): boolean {
  if (command === '') return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(command);
  } catch {
    return true; // no /proc (not Linux): trust the pid file
  }
}

/**
 * Starts, finds and stops the network's processes through pid files; each process leads its own
 * process group, so stopping it also stops what it started.
 */
export class ProcessRegistry {
  readonly #layout: RunLayout;
  readonly #placement: (name: string) => string | undefined;

  constructor(layout: RunLayout, options: ProcessRegistryOptions = {}) {
    this.#layout = layout;
    this.#placement = options.placement ?? (() => undefined);
  }

  /** The namespace a process of this name is started in, if any. */
  namespaceOf(spec: Pick<ProcessSpec, 'name' | 'namespace'>): string | undefined {
    return spec.namespace ?? this.#placement(spec.name);
  }

  /**
   * The pid of a running process of this name, or undefined (a stale pid file is removed). A pid
   * whose command line no longer shows the recorded command (reused after a reboot) counts as stale,
   * so `down` never signals a process it did not start.
   */
  runningPid(name: string): number | undefined {
    const file = this.#layout.pidFile(name);
    if (!existsSync(file)) return undefined;
    const [pidText = '', command = ''] = readFileSync(file, 'utf8').split('\n');
    const pid = Number(pidText.trim());
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && runsCommand(pid, command.trim())) return pid;
    rmSync(file, { force: true });
    return undefined;
  }

  /**
   * Starts the process detached, logging to run/logs/<name>.log (appended, so restarts keep history).
   * In a namespace it runs under `ip netns exec`, which replaces itself with the command: the pid
   * and its process group are the command's, so `stop` works the same.
   */
  start(spec: ProcessSpec): number {
    const namespace = this.namespaceOf(spec);
    const launch = namespace === undefined ? { command: spec.command, args: [...spec.args] } : runInNamespace(namespace, spec.command, spec.args);
    mkdirSync(this.#layout.logs, { recursive: true });
    mkdirSync(this.#layout.pids, { recursive: true });
    const log = openSync(this.#layout.logFile(spec.name), 'a');
    try {
      const child = spawn(launch.command, launch.args, {
        env: spec.env,
        cwd: spec.cwd,
        detached: true,
        stdio: ['ignore', log, log],
      });
      if (child.pid === undefined) throw new Error(`could not start ${spec.command}`);
      child.unref();
      writeFileSync(this.#layout.pidFile(spec.name), `${child.pid}\n${spec.command}\n`);
      return child.pid;
    } finally {
      closeSync(log);
    }
  }

  /** True once the process has exited since it was started (for fast failure while waiting). */
  hasExited(name: string): boolean {
    return this.runningPid(name) === undefined;
  }

  /**
   * Stops the process group with SIGTERM, then SIGKILL after the grace period, and returns once no
   * process of the group runs any more (the leader and everything it started, also a member that
   * ignores SIGTERM); true if it was running.
   */
  async stop(name: string, graceMs = 10_000): Promise<boolean> {
    const pid = this.runningPid(name);
    if (pid === undefined) return false;
    const signalGroup = (signal: NodeJS.Signals): void => {
      try {
        process.kill(-pid, signal);
      } catch {
        // the group is already gone
      }
    };
    signalGroup('SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isGroupAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (isGroupAlive(pid)) signalGroup('SIGKILL');
    while (isGroupAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
    rmSync(this.#layout.pidFile(name), { force: true });
    return true;
  }
}
