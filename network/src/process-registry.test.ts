import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProcessRegistry } from './process-registry';
import { RunLayout } from './layout';

/** The state letter of a process (R, S, Z, ...), or undefined when it is gone; read from /proc. */
function stateOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  const state = stateOf(pid);
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** The running processes whose process group is `pgid`. */
function runningMembersOf(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid && isRunning(pid);
      } catch {
        return false;
      }
    });
}

describe('ProcessRegistry (pid files, process groups)', () => {
  const layout = new RunLayout(mkdtempSync(path.join(os.tmpdir(), 'registry-')));
  const registry = new ProcessRegistry(layout);
  const sleep = (name: string): number =>
    registry.start({ name, command: '/bin/sleep', args: ['30'], env: { PATH: process.env.PATH }, ports: [] });

  it('starts a detached process, finds it by name and stops it', async () => {
    const pid = sleep('sleeper');
    expect(registry.runningPid('sleeper')).toBe(pid);
    expect(readFileSync(layout.pidFile('sleeper'), 'utf8')).toBe(`${pid}\n/bin/sleep\n`);
    await expect(registry.stop('sleeper')).resolves.toBe(true);
    expect(registry.runningPid('sleeper')).toBeUndefined();
    await expect(registry.stop('sleeper')).resolves.toBe(false);
  });

  it('stops every process of its group: what the leader started, also a member that ignores SIGTERM', async () => {
    // a shell leading its group, with two children: one plain, one that ignores SIGTERM (only SIGKILL ends it)
    const script = "(trap '' TERM; exec /bin/sleep 60) & /bin/sleep 60 & wait";
    const pid = registry.start({ name: 'family', command: '/bin/sh', args: ['-c', script], env: { PATH: process.env.PATH }, ports: [] });
    let members: number[] = [];
    for (let i = 0; i < 50 && members.length < 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      members = runningMembersOf(pid);
    }
    expect(members).toHaveLength(3);
    expect(members).toContain(pid);
    await expect(registry.stop('family', 300)).resolves.toBe(true);
    expect(members.filter((member) => isRunning(member))).toEqual([]);
  });

  it('treats a pid file whose process runs another command as stale, and never signals it', async () => {
    writeFileSync(layout.pidFile('impostor'), `${process.pid}\n/some/other/binary\n`);
    expect(registry.runningPid('impostor')).toBeUndefined();
    await expect(registry.stop('impostor')).resolves.toBe(false);
  });
});
