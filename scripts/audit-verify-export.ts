/**
 * Verifies an audit export offline (issue 19): `npm run audit:verify-export -- file [--ca org-ca.pem]`.
 * Checks the format, the signature over the canonical body, that the public key is the certificate's
 * (and, with --ca, that the org's CA issued the certificate), and that every history entry has valid
 * evidence. Exit code 0 when it verifies, 1 when not, 2 on usage errors.
 */
import { readFileSync } from 'node:fs';
import { verifyExport } from '@asylum-ledger/gateway-api/audit-export';

function main(argv: readonly string[]): number {
  const caIndex = argv.indexOf('--ca');
  const caFile = caIndex >= 0 ? argv[caIndex + 1] : undefined;
  const files = caIndex >= 0 ? argv.filter((_arg, index) => index !== caIndex && index !== caIndex + 1) : [...argv];
  const file = files[0];
  if (file === undefined || files.length !== 1 || (caIndex >= 0 && caFile === undefined)) {
    process.stderr.write('usage: npm run audit:verify-export -- <export.json> [--ca <org-ca.pem>]\n');
    return 2;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const result = verifyExport(parsed, caFile === undefined ? undefined : readFileSync(caFile, 'utf8'));
  if (result.ok) {
    const body = parsed as { caseRef: string; exportedBy: string; history: unknown[] };
    process.stdout.write(`OK: export of case ${body.caseRef} by ${body.exportedBy}, ${body.history.length} entries, signature valid\n`);
    return 0;
  }
  process.stdout.write(`NOT VERIFIED:\n${result.problems.map((problem) => `- ${problem}`).join('\n')}\n`);
  return 1;
}

process.exitCode = main(process.argv.slice(2));
