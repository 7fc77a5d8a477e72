/**
 * A redistribution to another Land (§ 51 AsylG) needs both Länder's endorsement, on the real
 * network. The reference network has one Land (Saxony) with a peer; Bavaria (LBYMSP) is added to the
 * authority directory by governance but runs no peer. Once Saxony requests the redistribution, the
 * case key's policy names Bavaria too: a write endorsed by every peer the network has (the
 * responsible ABH, Saxony and BAMF) is invalidated at commit, so the consent that moves the case
 * cannot commit without the receiving Land's peer. Bavaria is retired again afterwards.
 */
import { CommitError } from '@hyperledger/fabric-gateway';
import { newRequestId, today } from '../support/case-fixtures';
import { CaseSession, REFERENCE_ORGS, type Receipt, type Step } from '../support/case-session';
import { changeDirectory } from '../support/directory-changes';
import { chaincodeErrorCode, evaluateJson, submitJson } from '../support/fabric-clients';
import { describeRealNetwork, type RealNetwork } from '../support/real-network';

const on = (): { effectiveOn: string } => ({ effectiveOn: today() });
const BAVARIA = { mspId: 'LBYMSP', kind: 'LAND', landCode: 'DE-BY' } as const;
/** Every org of the reference network with a peer. */
const ALL_PEERS = [...REFERENCE_ORGS];

/** From registration to a person allocated to the Dresden ABH (no longer obliged to live in the reception centre). */
const TO_MUNICIPALITY = (): Step[] => [
  { org: 'BAMFMSP', role: 'BAMF_REGISTRATION', fn: 'recordDistribution', input: { ...on(), landCode: 'DE-SN' }, state: 'DISTRIBUTED' },
  { org: 'LDSMSP', role: 'LAND_RECEPTION', fn: 'confirmArrival', input: on(), state: 'ARRIVED' },
  { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'lodgeApplication', input: on(), state: 'APPLICATION_LODGED' },
  { org: 'LDSMSP', role: 'LAND_DISTRIBUTION', fn: 'allocateToMunicipality', input: { ...on(), responsible: 'ABHMSP' }, state: 'APPLICATION_LODGED' },
];

describeRealNetwork('a redistribution to another Land needs both Länder (§ 51 AsylG)', (network: () => RealNetwork) => {
  let session: CaseSession;
  let caseRef: string;
  let requested: Receipt;

  async function failure(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(() => undefined, (error: unknown) => error);
  }

  beforeAll(async () => {
    session = new CaseSession(network().ctx);
    await session.start();
    await changeDirectory(session, { ...BAVARIA, active: true });
    const registered = await session.register();
    caseRef = registered.caseRef;
    await session.walk(caseRef, TO_MUNICIPALITY());
    requested = await session.submit('LDSMSP', 'LAND_DISTRIBUTION', 'requestRedistribution', caseRef, 5, {
      ...on(),
      landCode: 'DE-BY',
      receiving: 'LBYMSP',
      ground: 'FAMILY_UNITY',
    });
    await session.committedEverywhere(caseRef, requested.seq);
  });

  afterAll(async () => {
    try {
      await changeDirectory(session, { ...BAVARIA, active: false });
    } finally {
      session.close();
    }
  });

  it('records the request by Saxony (endorsed as before: the responsible ABH and BAMF); the case stays in Saxony', async () => {
    expect(requested).toMatchObject({ seq: 6, state: 'APPLICATION_LODGED' });
    expect(await session.caseAt('ABHMSP', caseRef)).toMatchObject({
      seq: 6,
      responsible: 'ABHMSP',
      landCode: 'DE-SN',
      redistribution: { requestedBy: 'LDSMSP', receiving: 'LBYMSP', landCode: 'DE-BY', ground: 'FAMILY_UNITY' },
    });
  });

  it("puts both Länder into the case key's policy: the responsible ABH AND Saxony AND Bavaria AND BAMF", async () => {
    const policy = await evaluateJson(session.client('BAMFMSP', 'AUDITOR').contract(), 'case:getEndorsementPolicy', { caseRef });
    expect(policy).toEqual({ outOf: 4, of: [{ signedBy: 'ABHMSP' }, { signedBy: 'LDSMSP' }, { signedBy: 'LBYMSP' }, { signedBy: 'BAMFMSP' }] });
  });

  it('invalidates at commit a write of the case endorsed by every peer but the receiving Land (ENDORSEMENT_POLICY_FAILURE); the case is unchanged', async () => {
    const transfer = { caseRef, requestId: newRequestId(), ...on(), responsible: 'LDSMSP' };
    const error = await failure(submitJson(session.client('ABHMSP', 'ABH').contract(), 'case:transferResponsibility', transfer, { endorsingOrgs: ALL_PEERS }));
    expect(error).toBeInstanceOf(CommitError);
    expect((error as CommitError).code).toBe(10); // ENDORSEMENT_POLICY_FAILURE
    expect(await session.caseAt('BAMFMSP', caseRef)).toMatchObject({ seq: 6, responsible: 'ABHMSP', landCode: 'DE-SN' });
  });

  it('lets only the receiving Land answer: Saxony is refused (FORBIDDEN_ORG)', async () => {
    const consent = { caseRef, requestId: newRequestId(), ...on(), answer: 'CONSENTED' };
    const refused = await failure(evaluateJson(session.client('LDSMSP', 'LAND_DISTRIBUTION').contract(), 'case:answerRedistribution', consent));
    expect(chaincodeErrorCode(refused)).toBe('FORBIDDEN_ORG');
  });
});
