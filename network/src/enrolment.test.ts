import { planIdentities } from './enrolment';
import { loadNetworkConfig } from './layout';
import { fabricAdminIdentity, identityNameForRole } from './layout';

describe('the identities an org\'s CA issues (operator keys stay with operators)', () => {
  const config = loadNetworkConfig();

  describe.each(config.orgs.map((org) => [org.mspId, org] as const))('%s', (_mspId, org) => {
    const plans = planIdentities(config, org);

    it('gives every role, ADMIN included, a client identity with the role attribute in user-<role>', () => {
      const clients = plans.filter((plan) => plan.type === 'client');
      expect(clients).toEqual(
        org.roles.map((role) => ({ name: identityNameForRole(role), type: 'client', affiliation: `${org.key}.clients`, role })),
      );
      expect(clients.find((plan) => plan.role === 'ADMIN')?.name).toBe('user-admin');
    });

    it('has exactly one admin-type identity, the Fabric admin: no role attribute, a TLS client certificate, in no role\'s folder', () => {
      const admins = plans.filter((plan) => plan.type === 'admin');
      expect(admins).toEqual([
        {
          name: fabricAdminIdentity,
          type: 'admin',
          affiliation: `${org.key}.admins`,
          tlsHosts: [`admin.${org.key}.${config.domain}`, '127.0.0.1', 'localhost'],
        },
      ]);
      // the gateway loads exactly the folders identityNameForRole names (test/e2e/fabric-ledger.test.ts
      // checks that gateway-api/src/fabric/org-run-folder.ts agrees)
      expect(org.roles.map((role) => identityNameForRole(role))).not.toContain(fabricAdminIdentity);
    });

    it('issues every role identity only once, and nothing else but the peer and the orderer', () => {
      const names = plans.map((plan) => plan.name);
      expect(new Set(names).size).toBe(names.length);
      expect(plans.filter((plan) => plan.role !== undefined)).toHaveLength(org.roles.length);
      expect(plans.filter((plan) => plan.type !== 'client' && plan.type !== 'admin').map((plan) => [plan.name, plan.type])).toEqual([
        ['peer0', 'peer'],
        ['orderer0', 'orderer'],
      ]);
    });
  });
});
