/**
 * A directory the size of the whole country for the ledger benchmark: the network's three orgs,
 * three LAND authorities per Land (reception, distribution, central foreigners' authority), 19
 * further LAND authorities in Saxony (so that a case distributed to Saxony asks 22 LAND
 * authorities to react: a case with more than twenty participants), an audit body, and
 * Ausländerbehörden for the rest, with MSP IDs as long as real ones (ABH-DE-BY-09162000).
 * Only the three orgs run peers; the others are directory entries, as authorities not yet
 * connected would be. The entries themselves are the domain's (domain/src/test-support), so that its
 * unit tests decide directory governance on the same directory.
 */
import type { Contract } from '@hyperledger/fabric-gateway';
import { evaluateJson, submitJson } from '../support/fabric-clients';
import { NATIONWIDE_DIRECTORY_SIZE, SAXON_LAND_AUTHORITIES, nationwideAuthorities } from '../../domain/src/test-support/nationwide-directory';

/** The chaincode (the case status chaincode deployed a second time) whose directory is nationwide. */
export const NATIONWIDE_CHAINCODE = 'nationwide';
export { NATIONWIDE_DIRECTORY_SIZE, SAXON_LAND_AUTHORITIES, nationwideAuthorities };

/** Bootstraps the nationwide directory once (a warm network keeps it). */
export async function bootstrapNationwideDirectory(contract: Contract): Promise<void> {
  const existing = await evaluateJson(contract, 'directory:getDirectory', undefined).catch(() => undefined);
  if (existing !== undefined) return;
  await submitJson(contract, 'directory:bootstrap', { authorities: nationwideAuthorities() });
}
