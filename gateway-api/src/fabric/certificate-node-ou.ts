/**
 * The NodeOU type of a certificate, as the network's MSPs classify it: the subject's organisational
 * units (Fabric CA writes the identity type among them, e.g. `OU=clients+OU=client+OU=lds`) matched
 * against the NodeOU identifiers of network/src/msp-layout.ts. The issuer's units do not count.
 */
import { derChildren, readTbsCertificate } from './der-elements';

/** DER of OBJECT IDENTIFIER 2.5.4.11 (organizationalUnitName) without tag and length. */
const OU_OID = Buffer.from([0x55, 0x04, 0x0b]);
const TAG_OID = 0x06;

/** The NodeOU identifiers of the network's MSPs (ClientOU, PeerOU, AdminOU, OrdererOU). */
export const NODE_OU_TYPES = ['client', 'peer', 'admin', 'orderer'] as const;

/** One NodeOU type. */
export type NodeOuType = (typeof NODE_OU_TYPES)[number];

/**
 * Every organisational unit of a certificate's subject, in order, multi-valued RDNs included.
 * @param pem the certificate (PEM text or bytes).
 * @throws {Error} when the bytes are not a certificate.
 */
export function readSubjectOrganizationalUnits(pem: string | Uint8Array): string[] {
  const { subject } = readTbsCertificate(pem);
  const units: string[] = [];
  for (const rdn of subject ? derChildren(subject) : []) {
    for (const attribute of derChildren(rdn)) {
      const [type, value] = derChildren(attribute);
      if (type?.tag === TAG_OID && type.content.equals(OU_OID) && value) units.push(value.content.toString('utf8'));
    }
  }
  return units;
}

/**
 * The NodeOU types a certificate's subject names. An MSP accepts an identity only when there is
 * exactly one; `['admin']` is an org admin, `['client']` a client.
 * @param pem the certificate (PEM text or bytes).
 * @throws {Error} when the bytes are not a certificate.
 */
export function readNodeOuTypes(pem: string | Uint8Array): NodeOuType[] {
  const units = readSubjectOrganizationalUnits(pem);
  return NODE_OU_TYPES.filter((type) => units.includes(type));
}
