/**
 * Entry point of `npm run gateway:rotate-key`: rotates the local reference key of the database at
 * DB_PATH from LOCAL_REF_KEY_OLD(_FILE) to LOCAL_REF_KEY_NEW(_FILE). Stop the gateway first.
 */
import { runRotateKey } from './rotate-key';

process.exitCode = runRotateKey(process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`rotate-key: ${line}\n`),
});
