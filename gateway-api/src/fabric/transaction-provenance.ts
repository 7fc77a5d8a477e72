/**
 * Provenance of one transaction, decoded from what qscc returns: who created it (MSP and the
 * `role` attribute of the certificate), who endorsed it, how it was validated and when.
 */
import { peer } from '@hyperledger/fabric-protos';
import type { TransactionProvenance } from '@asylum-ledger/domain';
import { readRoleAttribute } from './certificate-attributes';
import { decodeEnvelopeFields } from './envelope-fields';
import { validationCodeName } from './fabric-errors';

/**
 * Decodes a processed transaction.
 * @param processedTransaction a `peer.ProcessedTransaction` as qscc's GetTransactionByID returns it.
 * @param blockNumber the number of the block that holds it.
 * @throws {Error} when the bytes hold no transaction envelope.
 */
export function decodeTransactionProvenance(processedTransaction: Uint8Array, blockNumber: bigint): TransactionProvenance {
  const processed = peer.ProcessedTransaction.deserializeBinary(processedTransaction);
  const envelope = processed.getTransactionenvelope();
  if (!envelope) throw new Error('processed transaction has no envelope');
  const fields = decodeEnvelopeFields(envelope);
  return {
    txId: fields.txId,
    blockNumber,
    validationCode: validationCodeName(processed.getValidationcode()),
    creatorMspId: fields.creatorMspId,
    creatorRole: readRoleAttribute(fields.creatorCertificate),
    endorsingOrgs: fields.endorsingOrgs,
    timestamp: fields.timestamp,
  };
}
