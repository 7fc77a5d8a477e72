import { planIdentities } from './enrolment';
import { loadNetworkConfig } from './layout';
import { chaincodeClientIdentity, chaincodeServerIdentity, fabricAdminIdentity, identityNameForRole } from './layout';

describe('the identities an org\'s CA issues (operator keys stay with operators)', () => {
  const config = loadNetworkConfig();

  describe.each(config.orgs.map((org) => [org.mspId, org] as const))('%s', (_mspId, org) => {
    const plans = planIdentities(config, org);

    it('gives every role, ADMIN included, a client identity with the role attribute in user-<role>', () => {
      const clients = plans.filter((plan) => plan.type === 'client' && plan.tlsOnly !== true);
      expect(clients).toEqual(
        org.roles.map((role) => ({ name: identityNameForRole(role), type: 'client', affiliation: `${org.key}.clients`, role, maxEnrollments: 1 })),
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
          maxEnrollments: 2,
        },
      ]);
      // the gateway loads exactly the folders identityNameForRole names (test/e2e/fabric-ledger.test.ts
      // checks that gateway-api/src/fabric/org-run-folder.ts agrees)
      expect(org.roles.map((role) => identityNameForRole(role))).not.toContain(fabricAdminIdentity);
    });

    it('gives the chaincode link two TLS-only identities without a role: the servers\' and the peer\'s client pair', () => {
      const tlsOnly = plans.filter((plan) => plan.tlsOnly === true);
      expect(tlsOnly.map((plan) => [plan.name, plan.type, plan.role, plan.maxEnrollments])).toEqual([
        [chaincodeServerIdentity, 'client', undefined, 1],
        [chaincodeClientIdentity, 'client', undefined, 1],
      ]);
      expect(tlsOnly.every((plan) => (plan.tlsHosts ?? []).length > 0)).toBe(true);
    });

    it('lets each identity enrol once per certificate it needs: twice with a TLS certificate, else once', () => {
      for (const plan of plans) {
        const certificates = (plan.tlsOnly === true ? 0 : 1) + (plan.tlsHosts ? 1 : 0);
        expect([plan.name, plan.maxEnrollments]).toEqual([plan.name, certificates]);
      }
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
