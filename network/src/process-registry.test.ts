import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProcessRegistry } from './process-registry';
import { RunLayout } from './layout';

describe('ProcessRegistry (pid files, process groups)', () => {
  const layout = new RunLayout(mkdtempSync(path.join(os.tmpdir(), 'registry-')));
  const registry = new ProcessRegistry(layout);
  const sleep = (name: string): number =>
    registry.start({ name, command: '/bin/sleep', args: ['30'], env: { PATH: process.env.PATH }, ports: [] });

  it('starts a detached process, finds it by name and stops it with its group', async () => {
    const pid = sleep('sleeper');
    expect(registry.runningPid('sleeper')).toBe(pid);
    expect(readFileSync(layout.pidFile('sleeper'), 'utf8')).toBe(`${pid}\n/bin/sleep\n`);
    await expect(registry.stop('sleeper')).resolves.toBe(true);
    expect(registry.runningPid('sleeper')).toBeUndefined();
    await expect(registry.stop('sleeper')).resolves.toBe(false);
  });

  it('treats a pid file whose process runs another command as stale, and never signals it', async () => {
    writeFileSync(layout.pidFile('impostor'), `${process.pid}\n/some/other/binary\n`);
    expect(registry.runningPid('impostor')).toBeUndefined();
    await expect(registry.stop('impostor')).resolves.toBe(false);
  });
});
