/**
 * Composition root of one gateway process: environment -> Config -> ledger adapter -> gateway ->
 * listen; SIGTERM/SIGINT drain it (stop accepting, finish writes in flight, close the ledger).
 * Run with `node gateway-api/dist/main.js` (or tsx); `npm start` at the root runs all three orgs
 * in one process instead (scripts/start.ts). Started this way a gateway is in the production
 * profile unless ASYLUM_LEDGER_PROFILE=dev says otherwise.
 */
import { ConfigError, loadConfig } from './config';
import { openProcessLedger } from './ledger-factory';
import { newGatewayMetrics, startGateway } from './run-gateway';

/**
 * Starts the gateway described by `env` and stops it on SIGTERM or SIGINT.
 * @returns the process exit code once stopped (1 when start-up failed).
 */
export async function main(env: Readonly<Record<string, string | undefined>>): Promise<number> {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (config.profile === 'dev') process.stderr.write('PROFILE dev: development shortcuts are allowed (ASYLUM_LEDGER_PROFILE=dev); never run an authority\'s gateway like this\n');
  const ledger = await openProcessLedger(config.ledger, config);
  if (ledger.banner !== undefined) process.stderr.write(`${ledger.banner}\n`);
  let gateway;
  try {
    const metrics = newGatewayMetrics(config);
    const port = ledger.forOrg(config.org.mspId, { onStage: (stage, seconds) => { metrics.observeStage(stage, seconds); } });
    gateway = await startGateway({ config, ledger: port, metrics, exportSigner: ledger.exportSigner(config.org.mspId) });
  } catch (error) {
    await ledger.close();
    throw error;
  }
  gateway.logger.info({ url: gateway.url, org: config.org.mspId, ledger: ledger.mode, profile: config.profile, tls: config.http.tls.kind }, 'gateway listening');
  const running = gateway;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void running.stop().then(() => ledger.close()).then(resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}

if (require.main === module) {
  main(process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
