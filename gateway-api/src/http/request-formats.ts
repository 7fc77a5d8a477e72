/**
 * Formats of the request parts the gateway owns (not the domain's): the local file reference and
 * the Idempotency-Key header. The same zod schemas check requests and describe them in the OpenAPI
 * document, so their patterns are written for both readers: explicit character ranges instead of
 * Unicode property classes (`\p{Cc}`), which common client generators cannot compile. Lengths
 * count code points in both (zod's `.max()` does, as JSON Schema's `maxLength` does).
 */
import { z } from 'zod';
import { INVISIBLE_CHARACTERS_MESSAGE, isPrintableReference, VISIBLE_TEXT_PATTERN } from '../ports/local-reference-text';

/**
 * The authority's own file reference: 1-128 characters after Unicode NFC normalisation, no control
 * characters and no invisible format characters (the pattern lists those of the BMP; the refinement
 * refuses the rest). Stays in the gateway.
 */
export const LocalReference = z
  .string()
  .normalize('NFC')
  .min(1)
  .max(128)
  .regex(VISIBLE_TEXT_PATTERN, { message: INVISIBLE_CHARACTERS_MESSAGE, abort: true })
  .refine(isPrintableReference, INVISIBLE_CHARACTERS_MESSAGE);
/** The authority's own file reference. */
export type LocalReference = z.infer<typeof LocalReference>;

/**
 * A document as a client names it: `sha256:` and the SHA-256 of the document (64 lowercase hex
 * digits). The gateway salts it per case into the docRef on the ledger; a bare 64-digit value (an
 * unsalted hash) is refused.
 */
export const DocumentHash = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'sha256: and the SHA-256 of the document (64 lowercase hex digits); the gateway salts it');
/** A document as a client names it. */
export type DocumentHash = z.infer<typeof DocumentHash>;

/** An Idempotency-Key header value: 1-255 visible ASCII characters (`!` to `~`). */
export const IdempotencyKey = z.string().min(1).max(255).regex(/^[!-~]+$/, 'visible ASCII characters only');
/** An Idempotency-Key header value. */
export type IdempotencyKey = z.infer<typeof IdempotencyKey>;
