/**
 * Builds the protobuf messages qscc returns (blocks, processed transactions) for unit tests, with
 * @hyperledger/fabric-protos' own classes.
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { blockDataHash } from '../block-hashes';

/** What goes into one test transaction. */
export interface TestTransaction {
  readonly txId: string;
  readonly creatorMspId: string;
  readonly creatorCertificate: string;
  readonly endorserMspIds: readonly string[];
  /** Seconds since the epoch; no timestamp when omitted. */
  readonly seconds?: number;
  readonly nanos?: number;
  readonly headerType?: number;
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

/** Appends field 3 (google.protobuf.Timestamp) to a serialized ChannelHeader; typings for Timestamp are not installed. */
function withTimestamp(channelHeader: Uint8Array, seconds: number, nanos: number): Uint8Array {
  const timestamp = [0x08, ...varint(seconds), 0x10, ...varint(nanos)];
  return Buffer.concat([channelHeader, Buffer.from([0x1a, ...varint(timestamp.length), ...timestamp])]);
}

function serializedIdentity(mspId: string, certificate: string): Uint8Array {
  const identity = new msp.SerializedIdentity();
  identity.setMspid(mspId);
  identity.setIdBytes(Buffer.from(certificate));
  return identity.serializeBinary();
}

function endorsedTransaction(endorserMspIds: readonly string[]): Uint8Array {
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setEndorsementsList(
    endorserMspIds.map((mspId) => {
      const endorsement = new peer.Endorsement();
      endorsement.setEndorser(serializedIdentity(mspId, `certificate of ${mspId}`));
      return endorsement;
    }),
  );
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsed);
  const action = new peer.TransactionAction();
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);
  return transaction.serializeBinary();
}

/** An envelope of an endorser transaction (or of another header type). */
export function buildEnvelope(tx: TestTransaction): common.Envelope {
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(tx.headerType ?? common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setTxId(tx.txId);
  channelHeader.setChannelId('asylum');
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(serializedIdentity(tx.creatorMspId, tx.creatorCertificate));
  const header = new common.Header();
  const channelHeaderBytes = channelHeader.serializeBinary();
  header.setChannelHeader(tx.seconds === undefined ? channelHeaderBytes : withTimestamp(channelHeaderBytes, tx.seconds, tx.nanos ?? 0));
  header.setSignatureHeader(signatureHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(endorsedTransaction(tx.endorserMspIds));
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  envelope.setSignature(Buffer.from('signature'));
  return envelope;
}

/** A processed transaction as qscc's GetTransactionByID returns it. */
export function buildProcessedTransaction(tx: TestTransaction, validationCode: number): Uint8Array {
  const processed = new peer.ProcessedTransaction();
  processed.setTransactionenvelope(buildEnvelope(tx));
  processed.setValidationcode(validationCode);
  return processed.serializeBinary();
}

/** A block whose header records the given previous hash and its envelopes' true data hash. */
export function buildBlock(number: number, previousHash: Uint8Array, envelopes: readonly common.Envelope[]): Uint8Array {
  const data = envelopes.map((envelope) => envelope.serializeBinary());
  const blockData = new common.BlockData();
  blockData.setDataList(data);
  const header = new common.BlockHeader();
  header.setNumber(number);
  header.setPreviousHash(previousHash);
  header.setDataHash(blockDataHash(data));
  const block = new common.Block();
  block.setHeader(header);
  block.setData(blockData);
  return block.serializeBinary();
}
