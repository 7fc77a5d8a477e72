/**
 * Just enough DER reading for the certificate fields that Node's X509Certificate does not give as
 * data (Fabric CA's attribute extension, the subject's organisational units): an element's tag and
 * content, its children, and the fields of a certificate's TBSCertificate.
 */
import { X509Certificate } from 'node:crypto';

/** Tag of the optional `[0] EXPLICIT` version field that opens a v2/v3 TBSCertificate. */
const TAG_VERSION = 0xa0;

/** One DER element: its tag byte and its content octets. */
export interface DerElement {
  readonly tag: number;
  readonly content: Buffer;
}

/** Reads the element that starts at `offset` and returns it with the offset after it; throws on bad DER. */
function readDerElement(der: Buffer, offset: number): { element: DerElement; next: number } {
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

/**
 * The elements inside a constructed element (a SEQUENCE, a SET, an explicit tag).
 * @throws {Error} when the content is not a run of DER elements.
 */
export function derChildren(element: DerElement): DerElement[] {
  const children: DerElement[] = [];
  for (let offset = 0; offset < element.content.length; ) {
    const { element: child, next } = readDerElement(element.content, offset);
    children.push(child);
    offset = next;
  }
  return children;
}

/** The named fields of a TBSCertificate this project reads. */
export interface TbsCertificateFields {
  /** The subject Name: a SEQUENCE of RDN SETs of (type OID, value). */
  readonly subject: DerElement | undefined;
  /** Every field, in order (the extensions are the `[3]` one, if any). */
  readonly all: readonly DerElement[];
}

/**
 * Parses a certificate and returns the fields of its TBSCertificate.
 * @param pem the certificate (PEM text or bytes).
 * @throws {Error} when the bytes are not a certificate.
 */
export function readTbsCertificate(pem: string | Uint8Array): TbsCertificateFields {
  const certificate = readDerElement(new X509Certificate(pem).raw, 0).element;
  const tbs = derChildren(certificate)[0];
  if (!tbs) throw new Error('certificate without TBSCertificate');
  const all = derChildren(tbs);
  // version (optional), serialNumber, signature, issuer, validity, subject, …
  const subjectIndex = all[0]?.tag === TAG_VERSION ? 5 : 4;
  return { subject: all[subjectIndex], all };
}
