import { parseAddOrgArguments, parseUpdateArguments } from './cli-arguments';

describe('the flags of the onboarding verbs', () => {
  it('parses an add-org request', () => {
    expect(parseAddOrgArguments(['--msp', 'BBMSP', '--kind', 'LAND', '--land', 'DE-BB', '--name', 'LAfA Brandenburg', '--collect-signatures-locally'])).toEqual({
      request: { mspId: 'BBMSP', kind: 'LAND', landCode: 'DE-BB', name: 'LAfA Brandenburg' },
      collectSignaturesLocally: true,
    });
  });

  it.each([
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
