import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planAddedOrg } from '../org-onboarding-plan';
import { loadRunningNetworkConfig, readAddedOrgs, recordAddedOrg } from './added-orgs';
import { defaultConfigPath, loadNetworkConfig, runsOrderer } from './network-config';

describe('orgs added to the running network (run/orgs.d)', () => {
  let runDir: string;
  beforeEach(() => {
    runDir = mkdtempSync(path.join(os.tmpdir(), 'added-orgs-'));
  });
  afterEach(() => {
    rmSync(runDir, { recursive: true, force: true });
  });

  it('merges them after the founding orgs, in order of addition', () => {
    const table = loadNetworkConfig();
    const bb = planAddedOrg(table, { mspId: 'BBMSP', kind: 'LAND', landCode: 'DE-BB' });
    recordAddedOrg(runDir, bb);
    const withBb = loadRunningNetworkConfig(defaultConfigPath, runDir);
    recordAddedOrg(runDir, planAddedOrg(withBb, { mspId: 'BBABHMSP', kind: 'ABH', landCode: 'DE-BB' }));
    const merged = loadRunningNetworkConfig(defaultConfigPath, runDir);
    expect(merged.orgs.map((org) => org.mspId)).toEqual(['BAMFMSP', 'LDSMSP', 'ABHMSP', 'BBMSP', 'BBABHMSP']);
    expect(merged.orgs.map(runsOrderer)).toEqual([true, true, true, false, false]);
    expect(readdirSync(path.join(runDir, 'orgs.d'))).toEqual(['01-bb.json', '02-bbabh.json']);
  });

  it('keeps the same row on a re-run and refuses a different one for the same MSP ID', () => {
    const bb = planAddedOrg(loadNetworkConfig(), { mspId: 'BBMSP', kind: 'LAND', landCode: 'DE-BB' });
    const file = recordAddedOrg(runDir, bb);
    expect(recordAddedOrg(runDir, bb)).toBe(file);
    expect(() => recordAddedOrg(runDir, { ...bb, landCode: 'DE-BE' })).toThrow(/BBMSP is recorded already with other values/);
    expect(readAddedOrgs(runDir)).toHaveLength(1);
  });

  it('refuses a merged table that uses a port twice', () => {
    const table = loadNetworkConfig();
    const bb = planAddedOrg(table, { mspId: 'BBMSP', kind: 'LAND', landCode: 'DE-BB' });
    recordAddedOrg(runDir, { ...bb, ports: { ...bb.ports, peer: 7251 } });
    expect(() => loadRunningNetworkConfig(defaultConfigPath, runDir)).toThrow(/port 7251 is used twice/);
  });

  it('reads nothing from a run folder without orgs.d (the founding table alone)', () => {
    expect(loadRunningNetworkConfig(defaultConfigPath, runDir).orgs).toHaveLength(3);
  });
});
