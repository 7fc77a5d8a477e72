/**
 * Operator keys stay with operators, on the real network: the identities a gateway signs with (one
 * NodeOU client per role of its org, ADMIN included) can neither approve a chaincode definition at
 * their org's peer nor sign a channel configuration update that the orderers accept, while the
 * org's Fabric admin can do both with the very same commands. And the Fabric admin, which carries
 * no role, is refused by the chaincode: it cannot act as the org's ADMIN in the application.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findOrgRunFolder, loadRoleIdentity, readNodeOuTypes, readRoleAttribute } from '../../gateway-api/src/fabric';
import type { RoleIdentityError } from '../../gateway-api/src/fabric';
import { loadEnvironment } from '../../network/src/layout';
import { loadNetworkConfig, type OrgConfig, type Role } from '@asylum-ledger/network/layout';
import type { NetworkContext } from '../../network/src/network-context';
import { createPeerCliEnv } from '../../network/src/peer-node';
import { fabricAdminIdentity } from '@asylum-ledger/network/layout';
import { newRequestId } from '../support/case-fixtures';
import {
  copyEnvelope,
  fetchChannelConfig,
  signConfigUpdate,
  submitConfigUpdate,
  withBatchTimeout,
  writeConfigUpdateEnvelope,
  type ChannelConfigJson,
  type ConfigActor,
  type ConfigUpdateOptions,
} from '../support/channel-config-update';
import { runCli, runCliPastLeaderElection } from '../support/cli-outcome';
import { chaincodeErrorCode, connectAs, connectAsIdentity, evaluateJson, findOrg } from '../support/fabric-clients';
import { committedDefinition } from '../support/ledger-probes';
import { describeRealNetwork } from '../support/real-network';

/** The org whose gateway identities are put to the test, and another org whose Fabric admin co-signs. */
const ORG = 'LDSMSP';
const OTHER_ORG = 'BAMFMSP';
const table = loadNetworkConfig(loadEnvironment().configFile);
const roles: readonly Role[] = table.orgs.find((org) => org.mspId === ORG)?.roles ?? [];
/** MAJORITY Admins of the channel's orgs: how many org admins must sign an orderer value. */
const requiredAdmins = Math.floor(table.orgs.length / 2) + 1;

/** The MSP folder the gateway of an org signs with for a role (the gateway's own layout). */
function gatewayMsp(ctx: NetworkContext, role: Role): string {
  return path.dirname(findOrgRunFolder(ctx.config, ctx.layout.root, ORG).mspFiles(role).keystore);
}

function fabricAdmin(ctx: NetworkContext, org: OrgConfig): ConfigActor {
  return { org, msp: ctx.layout.identity(org, fabricAdminIdentity).msp };
}

describeRealNetwork('operator keys stay with operators (the gateway\'s identities of LDS)', (network) => {
  it('the gateway loads a NodeOU client with the role attribute for every role, and refuses the org\'s Fabric admin', () => {
    const { ctx } = network();
    const folder = findOrgRunFolder(ctx.config, ctx.layout.root, ORG);
    expect(folder.roles).toEqual(roles);
    for (const role of roles) {
      const identity = loadRoleIdentity(role, ORG, folder.mspFiles(role));
      expect({ role, types: readNodeOuTypes(identity.certificate), attribute: readRoleAttribute(identity.certificate) })
        .toEqual({ role, types: ['client'], attribute: role });
    }
    const admin = ctx.layout.identity(findOrg(ctx, ORG), fabricAdminIdentity);
    expect(roles.map((role) => gatewayMsp(ctx, role))).not.toContain(admin.msp);
    expect(readNodeOuTypes(readFileSync(admin.signcert))).toEqual(['admin']);
    expect(readRoleAttribute(readFileSync(admin.signcert))).toBeNull();
    let refusal: RoleIdentityError | undefined;
    try {
      loadRoleIdentity('ADMIN', ORG, { signcert: admin.signcert, keystore: admin.keystore });
    } catch (error) {
      refusal = error as RoleIdentityError;
    }
    expect(refusal?.code).toBe('IDENTITY_NOT_CLIENT');
  });

  describe('approving a definition of the case chaincode at the org\'s peer (peer lifecycle chaincode approveformyorg)', () => {
    // a definition no one will commit: the next sequence with a version of this run only (and the
    // committed collections, which a new definition may not drop)
    const version = `operator-keys-probe-${newRequestId().slice(0, 8)}`;

    async function approve(msp: string): Promise<{ ok: boolean; output: string }> {
      const { ctx, binaries } = network();
      const org = findOrg(ctx, ORG);
      const sequence = (await committedDefinition(ctx, binaries, org, 'casestatus')).sequence + 1;
      const args = [
        'lifecycle', 'chaincode', 'approveformyorg', '-o', `127.0.0.1:${org.ports.orderer}`, '--tls', '--cafile', ctx.layout.caCert(org),
        '--channelID', ctx.config.channel, '--name', 'casestatus', '--version', version, '--sequence', String(sequence),
        '--collections-config', ctx.layout.collectionsConfig('casestatus'),
      ];
      return runCliPastLeaderElection(binaries.peer, args, { ...createPeerCliEnv(ctx.layout, org), CORE_PEER_MSPCONFIGPATH: msp });
    }

    async function approvedVersion(): Promise<string> {
      const { ctx, binaries } = network();
      const org = findOrg(ctx, ORG);
      const sequence = (await committedDefinition(ctx, binaries, org, 'casestatus')).sequence + 1;
      const args = ['lifecycle', 'chaincode', 'queryapproved', '-C', ctx.config.channel, '-n', 'casestatus', '--sequence', String(sequence), '-O', 'json'];
      const outcome = await runCli(binaries.peer, args, createPeerCliEnv(ctx.layout, org));
      return outcome.ok ? (JSON.parse(outcome.output) as { version: string }).version : `none (${outcome.output})`;
    }

    it.each(roles)('is refused to the %s client identity by the peer: not an admin of the org\'s MSP', async (role) => {
      const outcome = await approve(gatewayMsp(network().ctx, role));
      expect(outcome.ok).toBe(false);
      expect(outcome.output).toContain('Failed to authorize invocation due to failed ACL check');
      expect(outcome.output).toMatch(new RegExp(`policy \\[Admins\\]: \\[The identity is not an admin under this MSP \\[${ORG}\\]`));
    });

    it('is accepted from the org\'s Fabric admin, the same command, and the peer records the approval', async () => {
      const { ctx } = network();
      expect(await approvedVersion()).not.toBe(version);
      const outcome = await approve(fabricAdmin(ctx, findOrg(ctx, ORG)).msp);
      expect(outcome).toEqual({ ok: true, output: expect.any(String) as string });
      expect(await approvedVersion()).toBe(version);
    });
  });

  describe('a channel configuration update (the ordering service\'s BatchTimeout, modified by MAJORITY Admins)', () => {
    let workDir: string;
    let options: ConfigUpdateOptions;
    let original: ChannelConfigJson;
    let changed: string;
    let envelope: string;

    beforeAll(async () => {
      const { ctx, binaries } = network();
      workDir = mkdtempSync(path.join(os.tmpdir(), 'operator-keys-'));
      options = { ctx, binaries, workDir };
      original = await fetchChannelConfig(options, fabricAdmin(ctx, findOrg(ctx, ORG)));
      const timeout = batchTimeout(original);
      changed = timeout === '150ms' ? '175ms' : '150ms';
      envelope = await writeConfigUpdateEnvelope(options, original, withBatchTimeout(original, changed), 'change');
    });

    afterAll(() => {
      rmSync(workDir, { recursive: true, force: true });
    });

    function refusalText(satisfied: number): RegExp {
      return new RegExp(
        'BAD_REQUEST -- error applying config update to existing channel .*policy for \\[Value\\]\\s+/Channel/Orderer/BatchTimeout not satisfied: ' +
          `implicit policy evaluation failed - ${satisfied} sub-policies were satisfied, but this policy requires ${requiredAdmins} of the 'Admins' sub-policies`,
      );
    }

    it.each(roles)('signed by the %s client identity alone, or beside another org\'s Fabric admin, is refused by the orderer: its signature counts for no org admin', async (role) => {
      const { ctx } = network();
      const client: ConfigActor = { org: findOrg(ctx, ORG), msp: gatewayMsp(ctx, role) };
      const alone = await submitConfigUpdate(options, client, copyEnvelope(envelope, `${role}-alone`));
      expect(alone.ok).toBe(false);
      expect(alone.output).toMatch(refusalText(0));

      const cosigned = copyEnvelope(envelope, `${role}-cosigned`);
      await signConfigUpdate(options, fabricAdmin(ctx, findOrg(ctx, OTHER_ORG)), cosigned);
      const outcome = await submitConfigUpdate(options, client, cosigned);
      expect(outcome.ok).toBe(false);
      expect(outcome.output).toMatch(refusalText(1));
    });

    it('signed by the Fabric admins of LDS and BAMF (a majority) is accepted, and the channel carries the new value; then restored', async () => {
      const { ctx } = network();
      const lds = fabricAdmin(ctx, findOrg(ctx, ORG));
      const bamf = fabricAdmin(ctx, findOrg(ctx, OTHER_ORG));
      const signed = copyEnvelope(envelope, 'admins');
      await signConfigUpdate(options, bamf, signed);
      expect(await submitConfigUpdate(options, lds, signed)).toMatchObject({ ok: true });
      const updated = await fetchChannelConfig(options, lds);
      expect(batchTimeout(updated)).toBe(changed);

      const restore = await writeConfigUpdateEnvelope(options, updated, withBatchTimeout(updated, batchTimeout(original)), 'restore');
      await signConfigUpdate(options, bamf, restore);
      expect(await submitConfigUpdate(options, lds, restore)).toMatchObject({ ok: true });
      expect(batchTimeout(await fetchChannelConfig(options, lds))).toBe(batchTimeout(original));
    });
  });

  it('the org\'s Fabric admin carries no role: the chaincode refuses it a directory change that the ADMIN client may propose', async () => {
    const { ctx } = network();
    const proposal = { proposalId: newRequestId(), authority: { mspId: 'LBYMSP', kind: 'LAND', landCode: 'DE-BY', active: true } };
    const operator = connectAsIdentity(ctx, ORG, fabricAdminIdentity);
    const admin = connectAs(ctx, ORG, 'ADMIN');
    try {
      // evaluated, not submitted: the chaincode decides, nothing is written
      const refused = await evaluateJson(operator.contract(), 'directory:proposeAuthorityChange', proposal).catch((error: unknown) => error);
      expect(chaincodeErrorCode(refused)).toBe('FORBIDDEN_ROLE');
      await expect(evaluateJson(admin.contract(), 'directory:proposeAuthorityChange', proposal)).resolves.toMatchObject({
        proposal: { proposalId: proposal.proposalId, approvals: [ORG] },
        applied: false,
      });
    } finally {
      operator.close();
      admin.close();
    }
  });
});

function batchTimeout(config: ChannelConfigJson): string {
  return config.channel_group.groups.Orderer.values.BatchTimeout.value.timeout;
}
