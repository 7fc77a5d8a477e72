import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

/** OID of the Fabric CA attribute extension; its value is raw JSON `{"attrs":{...}}`. */
export const FABRIC_ATTRIBUTES_OID = '1.2.3.4.5.6.7.8.1';

const EC_KEY: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

type NodeCryptoKey = webcrypto.CryptoKey;
type EcKeyGenParams = webcrypto.EcKeyGenParams;
type EcdsaParams = webcrypto.EcdsaParams;

/** Input of {@link DevCertificateAuthority.createDevIdentity}. */
export interface DevIdentityRequest {
  /** MSP id of the organization; one dev CA is made per MSP id. */
  readonly mspId: string;
  /** The `role` attribute, as registered with `--id.attrs role=…:ecert`. */
  readonly role: string;
  /** Enrollment id: the certificate's CN and `hf.EnrollmentID`. */
  readonly enrollmentId: string;
  /** Further attributes to put into the extension (they override the defaults). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** A dev identity: certificate and key, as an enrolled Fabric CA client holds them. */
export interface DevIdentity {
  /** MSP id of the organization. */
  readonly mspId: string;
  /** The enrollment certificate, PEM. */
  readonly certificatePem: string;
  /** The private key, PKCS #8 PEM. */
  readonly privateKeyPem: string;
  /** The private key as a WebCrypto key (ECDSA P-256, for signing). */
  readonly privateKey: NodeCryptoKey;
}

/** Options of {@link DevCertificateAuthority}. */
export interface DevCertificateAuthorityOptions {
  /** Start of every certificate's validity; defaults to 2020-01-01T00:00:00Z. */
  readonly notBefore?: Date;
  /** End of every certificate's validity; defaults to 2099-12-31T23:59:59Z. */
  readonly notAfter?: Date;
}

interface CaMaterial {
  readonly keys: webcrypto.CryptoKeyPair;
  readonly certificate: x509.X509Certificate;
  readonly name: x509.JsonName;
}

/**
 * Self-signed dev CAs, one per MSP id, issuing EC P-256 client certificates that carry the
 * Fabric CA attribute extension exactly as Fabric CA writes it, so fabric-shim's
 * `ClientIdentity` reads the MSP id and the `role` attribute as on a peer. CA keys live in this
 * object only (create one per test suite or per embedded ledger).
 */
export class DevCertificateAuthority {
  readonly #authorities = new Map<string, Promise<CaMaterial>>();
  readonly #notBefore: Date;
  readonly #notAfter: Date;
  #serial = 0;

  /**
   * Creates an authority with no CAs yet; each MSP's CA is made on first use.
   *
   * @param options - Validity window of the certificates.
   */
  constructor(options: Readonly<DevCertificateAuthorityOptions> = {}) {
    this.#notBefore = options.notBefore ?? new Date('2020-01-01T00:00:00Z');
    this.#notAfter = options.notAfter ?? new Date('2099-12-31T23:59:59Z');
  }

  /**
   * The CA certificate of an MSP (for an MSP folder's cacerts), creating the CA on first use.
   *
   * @param mspId - The MSP id.
   * @returns The CA certificate, PEM.
   */
  async caCertificatePem(mspId: string): Promise<string> {
    return (await this.#authority(mspId)).certificate.toString('pem');
  }

  /**
   * Issues a client certificate with the attributes `role`, `hf.EnrollmentID`, `hf.Type`
   * (`client`) and `hf.Affiliation` (`''`), signed by the MSP's dev CA.
   *
   * @param request - MSP id, role, enrollment id and optional extra attributes.
   * @returns Certificate and private key.
   */
  async createDevIdentity(request: Readonly<DevIdentityRequest>): Promise<DevIdentity> {
    const ca = await this.#authority(request.mspId);
    const keys = await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
    const attrs = {
      role: request.role,
      'hf.EnrollmentID': request.enrollmentId,
      'hf.Type': 'client',
      'hf.Affiliation': '',
      ...request.attributes,
    };
    const certificate = await x509.X509CertificateGenerator.create(
      {
        serialNumber: this.#nextSerial(),
        // Fabric CA order: OU before CN, so getID() reads /OU=client/CN=<id>.
        subject: [{ OU: ['client'] }, { CN: [request.enrollmentId] }],
        issuer: ca.name,
        notBefore: this.#notBefore,
        notAfter: this.#notAfter,
        publicKey: keys.publicKey,
        signingKey: ca.keys.privateKey,
        signingAlgorithm: SIGNING,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
          await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey, false, webcrypto),
          // Fabric CA stores the attributes as raw JSON bytes, not wrapped in an ASN.1 string.
          new x509.Extension(FABRIC_ATTRIBUTES_OID, false, Buffer.from(JSON.stringify({ attrs }))),
        ],
      },
      webcrypto,
    );
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    return {
      mspId: request.mspId,
      certificatePem: certificate.toString('pem'),
      privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
      privateKey: keys.privateKey,
    };
  }

  #authority(mspId: string): Promise<CaMaterial> {
    let authority = this.#authorities.get(mspId);
    if (!authority) {
      authority = this.#createAuthority(mspId);
      this.#authorities.set(mspId, authority);
    }
    return authority;
  }

  async #createAuthority(mspId: string): Promise<CaMaterial> {
    const keys = await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
    const name: x509.JsonName = [{ O: [mspId] }, { CN: [`ca.${mspId}`] }];
    const certificate = await x509.X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: this.#nextSerial(),
        name,
        notBefore: this.#notBefore,
        notAfter: this.#notAfter,
        keys,
        signingAlgorithm: SIGNING,
        extensions: [
          new x509.BasicConstraintsExtension(true, undefined, true),
          new x509.KeyUsagesExtension(
            x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
            true,
          ),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
        ],
      },
      webcrypto,
    );
    return { keys, certificate, name };
  }

  #nextSerial(): string {
    this.#serial += 1;
    return `01${this.#serial.toString(16).padStart(8, '0')}`;
  }
}
