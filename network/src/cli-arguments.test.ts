import { parseAddOrgArguments, parseUpdateArguments } from './cli-arguments';

describe('the flags of the onboarding verbs', () => {
  it('parses an add-org request', () => {
    expect(parseAddOrgArguments(['--msp', 'BBMSP', '--kind', 'LAND', '--land', 'DE-BB', '--name', 'LAfA Brandenburg', '--collect-signatures-locally'])).toEqual({
      request: { mspId: 'BBMSP', kind: 'LAND', landCode: 'DE-BB', name: 'LAfA Brandenburg' },
      collectSignaturesLocally: true,
    });
  });

  it('parses --host and --netns: the org in a namespace, its operations endpoints at its address too', () => {
    expect(parseAddOrgArguments(['--msp', 'BBMSP', '--kind', 'LAND', '--land', 'DE-BB', '--host', '10.232.0.2', '--netns', 'asyl-bb'])).toEqual({
      request: { mspId: 'BBMSP', kind: 'LAND', landCode: 'DE-BB', host: '10.232.0.2', operationsHost: '10.232.0.2' },
      collectSignaturesLocally: false,
      namespace: 'asyl-bb',
    });
    expect(parseAddOrgArguments(['--msp', 'BBMSP', '--kind', 'LAND', '--land', 'DE-BB', '--host', '192.0.2.7']).request).toEqual({ mspId: 'BBMSP', kind: 'LAND', landCode: 'DE-BB', host: '192.0.2.7' });
  });

  it.each([
    [['--msp', 'BBMSP', '--kind', 'LAND', '--land', 'DE-BB', '--host', 'bb.example'], /--host/],
    [['--msp', 'BBMSP', '--kind', 'LAND', '--land', 'DE-BB', '--host', '10.0.0.2', '--operations-host', '10.0.0.300'], /--operations-host/],
    [['--msp', 'BBMSP', '--kind', 'LAND', '--land', 'DE-BB', '--netns', 'asyl-bb'], /--netns needs --host/],
    [['--kind', 'LAND', '--land', 'DE-BB'], /--msp/],
    [['--msp', 'BBMSP', '--kind', 'FEDERAL', '--land', 'DE-BB'], /--kind/],
    [['--msp', 'BBMSP', '--kind', 'LAND', '--land', 'DE'], /--land/],
    [['--msp', 'BBMSP', '--kind', 'LAND', '--land', 'DE-XX'], /--land/],
    [['--msp', 'BBMSP', '--kind', 'LAND', '--land', 'DE-BB', '--colour', 'red'], /colour/],
  ])('refuses %j naming the flag', (args, flag) => {
    expect(() => parseAddOrgArguments(args)).toThrow(flag);
  });

  it('needs --org and --file for sign-update', () => {
    expect(parseUpdateArguments('sign-update', ['--org', 'LDSMSP', '--file', 'u.pb'])).toEqual({ org: 'LDSMSP', file: 'u.pb' });
    expect(() => parseUpdateArguments('sign-update', ['--org', 'LDSMSP'])).toThrow(/--file/);
  });
});
