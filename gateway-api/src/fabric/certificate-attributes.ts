/**
 * The attributes Fabric CA puts into an enrolment certificate: extension 1.2.3.4.5.6.7.8.1, whose
 * value is the raw JSON `{"attrs":{"role":"…",…}}` (not an ASN.1 string), found by walking the DER
 * (der-elements.ts).
 */
import { derChildren, readTbsCertificate } from './der-elements';

/** DER of OBJECT IDENTIFIER 1.2.3.4.5.6.7.8.1 without tag and length. */
const ATTRIBUTES_OID = Buffer.from([0x2a, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x01]);
const TAG_OID = 0x06;
const TAG_EXTENSIONS = 0xa3; // [3] EXPLICIT in TBSCertificate

function findAttributesExtension(pem: string | Uint8Array): Buffer | undefined {
  const extensions = readTbsCertificate(pem).all.find((child) => child.tag === TAG_EXTENSIONS);
  const list = extensions ? derChildren(extensions)[0] : undefined;
  for (const extension of list ? derChildren(list) : []) {
    const parts = derChildren(extension);
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
  const value = findAttributesExtension(pem);
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
