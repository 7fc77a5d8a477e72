/**
 * The sizes the authority directory and a case are built for: a nationwide network of 16 Länder
 * (a few LAND authorities each: reception, distribution, central foreigners' authority) and about
 * 550 Ausländerbehörden, BAMF and the audit bodies, with room for the authorities still to join.
 */

/** Most authorities the directory lists (about 650 today: 16 Länder, ~550 ABHs, BAMF, auditors). */
export const MAX_AUTHORITIES = 1000;

/**
 * Most participants a case lists. The list is derived (who acted, who was asked to react), never
 * entered, so its bound must not be reachable by a lawful transition: it is the directory's own.
 */
export const MAX_CASE_PARTICIPANTS = MAX_AUTHORITIES;

/**
 * Most bytes of a directory bootstrap: a full directory of {@link MAX_AUTHORITIES} entries with
 * MSP IDs of average length (about 90 bytes each as JSON) fits, with room. Every other input keeps
 * the case limit (MAX_INPUT_BYTES).
 */
export const MAX_DIRECTORY_INPUT_BYTES = 128 * 1024;
