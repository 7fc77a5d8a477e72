import { caMaxEnrollments, caRegistrars, clientRegistrarName, createCaServerConfig, registrarName, registrarSecret } from './ca-server';
import { planIdentities, registrarFor } from './enrolment';
import { loadNetworkConfig } from './layout';

interface RegistryIdentity {
  name: string;
  pass: string;
  type: string;
  affiliation: string;
  maxenrollments: number;
  attrs: Record<string, string | boolean>;
}

interface CaServerConfig {
  registry: { maxenrollments: number; identities: RegistryIdentity[] };
  operations: { listenAddress: string };
  address: string;
}

describe("an org's Fabric CA: registrars limited to what they register, enrolments counted", () => {
  const config = loadNetworkConfig();

  describe.each(config.orgs.map((org) => [org.mspId, org] as const))('%s', (_mspId, org) => {
    const generated = createCaServerConfig(config, org, 'bootstrap-secret') as CaServerConfig;
    const identities = generated.registry.identities;
    const byName = (name: string): RegistryIdentity | undefined => identities.find((identity) => identity.name === name);

    it('caps enrolments at what an identity needs (2: enrolment and TLS certificate), no unlimited default', () => {
      expect(generated.registry.maxenrollments).toBe(caMaxEnrollments);
      expect(caMaxEnrollments).toBe(2);
      for (const plan of planIdentities(config, org)) expect(plan.maxEnrollments).toBeLessThanOrEqual(caMaxEnrollments);
    });

    it('has a node registrar that registers peers, orderers and admins but no attribute, and enrols once', () => {
      expect(byName(registrarName)).toEqual({
        name: registrarName,
        pass: 'bootstrap-secret',
        type: 'client',
        affiliation: org.key,
        maxenrollments: 1,
        attrs: { 'hf.Registrar.Roles': 'peer,orderer,admin', 'hf.Revoker': true, 'hf.GenCRL': true },
      });
    });

    it('has a client registrar that registers clients with the role attribute only, and enrols once', () => {
      expect(byName(clientRegistrarName)).toEqual({
        name: clientRegistrarName,
        pass: registrarSecret('bootstrap-secret', clientRegistrarName),
        type: 'client',
        affiliation: org.key,
        maxenrollments: 1,
        attrs: { 'hf.Registrar.Roles': 'client', 'hf.Registrar.Attributes': 'role', 'hf.Revoker': true, 'hf.GenCRL': true },
      });
      expect(registrarSecret('bootstrap-secret', clientRegistrarName)).not.toBe('bootstrap-secret');
    });

    it('grants no wildcard, delegation, intermediate CA or affiliation management to anyone', () => {
      expect(identities.map((identity) => identity.name)).toEqual(caRegistrars.map((registrar) => registrar.name));
      for (const identity of identities) {
        expect(Object.values(identity.attrs)).not.toContain('*');
        expect(Object.keys(identity.attrs).filter((name) => /DelegateRoles|IntermediateCA|AffiliationMgr/.test(name))).toEqual([]);
      }
    });

    it('registers every planned identity with a registrar allowed its type, and the role only through the client registrar', () => {
      for (const plan of planIdentities(config, org)) {
        const registrar = caRegistrars.find((entry) => entry.name === registrarFor(plan));
        expect([plan.name, registrar?.roles.includes(plan.type)]).toEqual([plan.name, true]);
        if (plan.role !== undefined) expect(registrar?.attributes).toEqual(['role']);
      }
    });

    it('listens on loopback only, its operations endpoint included', () => {
      expect(generated.address).toBe('127.0.0.1');
      expect(generated.operations.listenAddress).toBe(`127.0.0.1:${org.ports.caOperations}`);
    });
  });
});
