/**
 * The attributes Fabric CA puts into an enrolment certificate: extension 1.2.3.4.5.6.7.8.1, whose
 * value is the raw JSON `{"attrs":{"role":"…",…}}` (not an ASN.1 string). Node's X509Certificate
 * parses the certificate; a few lines of DER walking find the extension.
 */
import { X509Certificate } from 'node:crypto';

/** DER of OBJECT IDENTIFIER 1.2.3.4.5.6.7.8.1 without tag and length. */
const ATTRIBUTES_OID = Buffer.from([0x2a, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x01]);
const TAG_OID = 0x06;
const TAG_EXTENSIONS = 0xa3; // [3] EXPLICIT in TBSCertificate

interface DerElement {
  readonly tag: number;
  readonly content: Buffer;
}

function readElement(der: Buffer, offset: number): { element: DerElement; next: number } {
  const tag = der[offset];
  const first = der[offset + 1];
  if (tag === undefined || first === undefined) throw new Error('truncated DER');
  let length = first;
  let start = offset + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new Error('unsupported DER length');
    length = der.readUIntBE(start, count);
    start += count;
  }
  if (start + length > der.length) throw new Error('truncated DER');
  return { element: { tag, content: der.subarray(start, start + length) }, next: start + length };
}

function childrenOf(element: DerElement): DerElement[] {
  const children: DerElement[] = [];
  for (let offset = 0; offset < element.content.length; ) {
    const { element: child, next } = readElement(element.content, offset);
    children.push(child);
    offset = next;
  }
  return children;
}

function findAttributesExtension(der: Buffer): Buffer | undefined {
  const tbs = childrenOf(readElement(der, 0).element)[0];
  if (!tbs) return undefined;
  const extensions = childrenOf(tbs).find((child) => child.tag === TAG_EXTENSIONS);
  const list = extensions ? childrenOf(extensions)[0] : undefined;
  for (const extension of list ? childrenOf(list) : []) {
    const parts = childrenOf(extension);
    const id = parts[0];
    if (id?.tag === TAG_OID && id.content.equals(ATTRIBUTES_OID)) return parts.at(-1)?.content;
  }
  return undefined;
}

/**
 * The Fabric CA attributes of a certificate.
 * @param pem the certificate (PEM text or bytes).
 * @returns the string attributes, empty when the certificate has none.
 * @throws {Error} when the certificate cannot be parsed or its attribute extension is not JSON.
 */
export function readCertificateAttributes(pem: string | Uint8Array): Readonly<Record<string, string>> {
  const value = findAttributesExtension(new X509Certificate(pem).raw);
  if (value === undefined) return {};
  const parsed = JSON.parse(value.toString('utf8')) as { attrs?: unknown };
  const attrs = typeof parsed.attrs === 'object' && parsed.attrs !== null ? (parsed.attrs as Record<string, unknown>) : {};
  return Object.fromEntries(Object.entries(attrs).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * The `role` attribute of a certificate, as the chaincode reads it.
 * @param pem the certificate (PEM text or bytes).
 * @returns the role, or null when the certificate has none or cannot be read.
 */
export function readRoleAttribute(pem: string | Uint8Array): string | null {
  try {
    return readCertificateAttributes(pem).role ?? null;
  } catch {
    return null;
  }
}
