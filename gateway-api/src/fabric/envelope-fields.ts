/**
 * The facts an auditor needs from one Fabric transaction envelope: id, type, time, creator and
 * endorsers. Decoded with @hyperledger/fabric-protos; nothing in an envelope is trusted to be present.
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';

/** What an envelope says about its transaction. */
export interface EnvelopeFields {
  readonly txId: string;
  /** Fabric header type, e.g. 3 for an endorser transaction, 1 for a config transaction. */
  readonly headerType: number;
  /** Transaction timestamp (ISO 8601), empty when the header has none. */
  readonly timestamp: string;
  readonly creatorMspId: string;
  /** The creator's certificate (PEM bytes). */
  readonly creatorCertificate: Uint8Array;
  /** MSP IDs of the endorsers, sorted, each once (empty for a config transaction). */
  readonly endorsingOrgs: readonly string[];
}

/** google.protobuf.Timestamp as far as it is read here (its typings are not installed). */
interface ProtoTimestamp {
  getSeconds(): number;
  getNanos(): number;
}

function toIsoTime(channelHeader: common.ChannelHeader): string {
  const timestamp = channelHeader.getTimestamp() as ProtoTimestamp | undefined;
  if (!timestamp) return '';
  return new Date(timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1_000_000)).toISOString();
}

function endorsingOrgsOf(transactionBytes: Uint8Array): string[] {
  const orgs = new Set<string>();
  for (const action of peer.Transaction.deserializeBinary(transactionBytes).getActionsList()) {
    const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
    for (const endorsement of endorsed?.getEndorsementsList() ?? []) {
      orgs.add(msp.SerializedIdentity.deserializeBinary(endorsement.getEndorser_asU8()).getMspid());
    }
  }
  return [...orgs].sort();
}

/**
 * Decodes the auditable fields of an envelope.
 * @param envelope the envelope as recorded in a block.
 * @throws {Error} when the bytes are not an envelope with a header.
 */
export function decodeEnvelopeFields(envelope: common.Envelope): EnvelopeFields {
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const header = payload.getHeader();
  if (!header) throw new Error('envelope payload has no header');
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  const signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
  const creator = msp.SerializedIdentity.deserializeBinary(signatureHeader.getCreator_asU8());
  const headerType = channelHeader.getType();
  return {
    txId: channelHeader.getTxId(),
    headerType,
    timestamp: toIsoTime(channelHeader),
    creatorMspId: creator.getMspid(),
    creatorCertificate: creator.getIdBytes_asU8(),
    endorsingOrgs: headerType === common.HeaderType.ENDORSER_TRANSACTION ? endorsingOrgsOf(payload.getData_asU8()) : [],
  };
}

/**
 * The transaction id of a serialized envelope, or '' when it has none (a block's data entry).
 * @param envelopeBytes one entry of `block.data.data`.
 */
export function transactionIdOfEnvelope(envelopeBytes: Uint8Array): string {
  try {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
    const header = payload.getHeader();
    return header ? common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()).getTxId() : '';
  } catch {
    return '';
  }
}
