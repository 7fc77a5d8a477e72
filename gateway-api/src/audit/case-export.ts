/**
 * The signed export of a case for auditors (issue 19): the case's history with the block and
 * transaction evidence of every entry, signed by the exporting org's key over its canonical JSON
 * (keys sorted at every depth), so that it can be verified offline (`npm run audit:verify-export`).
 */
import { createPublicKey, createSign, createVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { canonicalJson } from '@asylum-ledger/domain';

/** The format tag of an export; a verifier refuses any other. */
export const EXPORT_FORMAT = 'asylum-ledger/audit-export@1';

/** Signs for the exporting org: ECDSA with SHA-256, DER signature. */
export interface ExportSigner {
  readonly mspId: string;
  /** The signer's X.509 certificate (PEM), when it has one (a Fabric identity); else only its public key. */
  readonly certificatePem?: string;
  readonly publicKeyPem: string;
  sign(data: Buffer): Buffer;
}

/** The evidence of one transaction of the history. */
export interface TransactionEvidence {
  readonly txId: string;
  readonly blockNumber: string;
  readonly validationCode: string;
  readonly creatorMspId: string;
  readonly creatorRole: string | null;
  readonly endorsingOrgs: readonly string[];
  readonly timestamp: string;
  readonly block: { readonly previousHash: string; readonly dataHash: string; readonly headerHash: string; readonly dataHashValid: boolean };
}

/** The signed body of an export. */
export interface ExportBody {
  readonly format: typeof EXPORT_FORMAT;
  readonly caseRef: string;
  readonly exportedBy: string;
  readonly exportedAt: string;
  readonly history: readonly Record<string, unknown>[];
  readonly evidence: readonly TransactionEvidence[];
}

/** An export: its body and the signature over the body's canonical JSON. */
export interface CaseExport extends ExportBody {
  readonly signature: { readonly algorithm: 'ECDSA-SHA256'; readonly certificate: string | null; readonly publicKey: string; readonly value: string };
}

/** Signs an export body. */
export function signExport(body: ExportBody, signer: ExportSigner): CaseExport {
  const value = signer.sign(Buffer.from(canonicalJson(body), 'utf8')).toString('base64');
  return { ...body, signature: { algorithm: 'ECDSA-SHA256', certificate: signer.certificatePem ?? null, publicKey: signer.publicKeyPem, value } };
}

/** What an offline verification found. */
export interface ExportVerification {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

function signingKeyOf(signature: CaseExport['signature'], problems: string[], trustedCa: X509Certificate | undefined): KeyObject {
  const key = createPublicKey(signature.publicKey);
  if (signature.certificate !== null) {
    const certificate = new X509Certificate(signature.certificate);
    if (!certificate.publicKey.equals(key)) problems.push('the public key is not the certificate\'s');
    if (trustedCa && !(certificate.checkIssued(trustedCa) && certificate.verify(trustedCa.publicKey))) {
      problems.push('the certificate was not issued by the trusted CA');
    }
  } else if (trustedCa) {
    problems.push('the export has no certificate to check against the trusted CA');
  }
  return key;
}

function consistencyProblems(file: CaseExport): string[] {
  const problems: string[] = [];
  const evidence = new Map(file.evidence.map((entry) => [entry.txId, entry]));
  for (const entry of file.history) {
    const found = evidence.get(String(entry.txId));
    if (!found) problems.push(`history entry ${String(entry.txId)} has no evidence`);
    else if (found.validationCode !== 'VALID') problems.push(`history entry ${String(entry.txId)} was not a valid transaction`);
    else if (!found.block.dataHashValid) problems.push(`the block of ${String(entry.txId)} did not verify when exported`);
  }
  return problems;
}

/**
 * Verifies an export offline: format, signature over the canonical body, certificate and key (and
 * its issuer when a trusted CA is given), and that every history entry has valid evidence.
 * @param parsed the export file's JSON.
 * @param trustedCaPem the exporting org's CA certificate (PEM), optional.
 */
export function verifyExport(parsed: unknown, trustedCaPem?: string): ExportVerification {
  const problems: string[] = [];
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, problems: [`not an export of format ${EXPORT_FORMAT}`] };
  const file = parsed as Partial<CaseExport>;
  if (file.format !== EXPORT_FORMAT || !file.signature || !Array.isArray(file.history) || !Array.isArray(file.evidence)) {
    return { ok: false, problems: [`not an export of format ${EXPORT_FORMAT}`] };
  }
  const { signature, ...body } = file as CaseExport;
  try {
    const key = signingKeyOf(signature, problems, trustedCaPem === undefined ? undefined : new X509Certificate(trustedCaPem));
    const verifier = createVerify('SHA256');
    verifier.update(Buffer.from(canonicalJson(body), 'utf8'));
    if (!verifier.verify(key, Buffer.from(signature.value, 'base64'))) problems.push('the signature does not match the content');
  } catch (error) {
    problems.push(`the signature cannot be checked: ${error instanceof Error ? error.message : String(error)}`);
  }
  problems.push(...consistencyProblems(file as CaseExport));
  return { ok: problems.length === 0, problems };
}

/** A signer from a key pair and, when there is one, the certificate of its public key. */
export function keySigner(mspId: string, privateKey: KeyObject, certificatePem?: string): ExportSigner {
  return {
    mspId,
    ...(certificatePem !== undefined ? { certificatePem } : {}),
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
    sign: (data) => createSign('SHA256').update(data).sign(privateKey),
  };
}
