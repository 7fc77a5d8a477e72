import { describeCommand, redactSecrets, runCommand } from './run-command';

describe('a failed command is named by its program and sub-command, never by its arguments', () => {
  it.each([
    ['/opt/bin/fabric-ca-client', ['enroll', '-M', '/x/msp', '--home', '/x'], 'fabric-ca-client enroll'],
    ['/opt/bin/peer', ['lifecycle', 'chaincode', 'approveformyorg', '-o', '127.0.0.1:7150'], 'peer lifecycle chaincode approveformyorg'],
    ['tar', ['-czf', '/tmp/a.tar.gz', '-C', '/tmp', 'connection.json'], 'tar'],
    ['/bin/sh', ['-c', 'exit 3'], 'sh'],
  ])('%s %j is reported as "%s"', (file, args, expected) => {
    expect(describeCommand(file, args)).toBe(expected);
  });

  it('reports an exit without output by its exit code, not by node\'s message (which lists every argument)', async () => {
    const secret = 'hunter2-not-for-logs';
    const failure = runCommand('/bin/sh', ['-c', 'exit 3', `https://user:${secret}@127.0.0.1:1`]);
    await expect(failure).rejects.toMatchObject({ code: 'COMMAND_FAILED', message: 'sh failed: exit code 3', cause: undefined });
  });

  it('redacts the secrets it was given from the output line it reports', async () => {
    const secret = 's3cr3t-in-env';
    const failure = runCommand('/bin/sh', ['-c', 'echo "Error: bad password $PASSWORD" >&2; exit 1'], {
      env: { PASSWORD: secret },
      secrets: [secret],
    });
    await expect(failure).rejects.toMatchObject({ message: 'sh failed: Error: bad password ***' });
    expect(redactSecrets('a x b x', ['x', ''])).toBe('a *** b ***');
  });
});
