/**
 * Opens the ledger behind the port, for one gateway or for several gateways in one process:
 * `embedded` is one DevLedger shared by every org (`forOrg`), `fabric` is one FabricLedger per
 * org (each its own connection to its own peer). The composition roots (main.ts, scripts/start.ts)
 * call these; nothing else opens a ledger.
 */
import { DEV_LEDGER_BANNER, DevLedger } from '@asylum-ledger/dev-ledger';
import { createFabricLedgerForOrg, deadlineAfter, loadNetworkTable, type StageTiming } from './fabric';
import { createPrivateKey } from 'node:crypto';
import { keySigner, type ExportSigner } from './audit/case-export';
import type { Config } from './config';
import type { LedgerMode, LedgerPort } from '@asylum-ledger/domain';

/** Observers a gateway hands to its ledger port (the Fabric adapter reports its stages). */
export interface LedgerHooks {
  /** One endorse, submit or commit-status stage of a Fabric transaction. */
  readonly onStage?: (stage: 'endorse' | 'submit' | 'commit', seconds: number) => void;
}

/** The ledger of a process: a port per org, the banner to print, and one close for all. */
export interface ProcessLedger {
  readonly mode: LedgerMode;
  /** The port of one org's gateway. */
  forOrg(mspId: string, hooks?: LedgerHooks): LedgerPort;
  /** Text to print at start-up (the embedded ledger's warning), or undefined. */
  readonly banner: string | undefined;
  /**
   * The key an org's gateway signs audit exports with, where the ledger holds it: the embedded
   * ledger's AUDITOR identity of the org (on Fabric the gateway loads the org's AUDITOR identity itself).
   */
  exportSigner(mspId: string): ExportSigner | undefined;
  /** Closes every port handed out and the ledger itself. */
  close(): Promise<void>;
}

/** Where the ledger's files are and the per-stage deadlines (Config's fields). */
export type LedgerSettings = Pick<Config, 'ledgerFiles' | 'deadlines'>;

/**
 * Opens the embedded dev ledger once for every org of this process.
 * @throws {Error} when its database or identity folder cannot be opened.
 */
export async function openEmbeddedProcessLedger(settings: LedgerSettings): Promise<ProcessLedger> {
  const shared = await DevLedger.open({
    ...(settings.ledgerFiles.embeddedDatabase !== undefined ? { databasePath: settings.ledgerFiles.embeddedDatabase } : {}),
    ...(settings.ledgerFiles.embeddedIdentityDir !== undefined ? { identityDir: settings.ledgerFiles.embeddedIdentityDir } : {}),
  });
  const ports: LedgerPort[] = [];
  return {
    mode: 'embedded',
    banner: DEV_LEDGER_BANNER,
    exportSigner: (mspId) => {
      const auditor = shared.signingIdentity(mspId, 'AUDITOR');
      return keySigner(mspId, createPrivateKey(auditor.privateKeyPem), auditor.certificatePem);
    },
    forOrg: (mspId) => {
      const port = shared.forOrg(mspId);
      ports.push(port);
      return port;
    },
    close: async () => {
      await Promise.allSettled(ports.map((port) => port.close()));
      await shared.close();
    },
  };
}

/**
 * Opens the Fabric adapter: one FabricLedger per org, from the network table and run folder.
 * Reads files, does not dial (readiness probes do).
 */
export function openFabricProcessLedger(settings: LedgerSettings): ProcessLedger {
  const network = loadNetworkTable(settings.ledgerFiles.networkConfig, settings.ledgerFiles.networkRunDir);
  const attempts = 3;
  const ports: LedgerPort[] = [];
  return {
    mode: 'fabric',
    banner: undefined,
    exportSigner: () => undefined,
    forOrg: (mspId, hooks) => {
      const onStage = hooks?.onStage;
      const port = createFabricLedgerForOrg({
        network,
        runDir: settings.ledgerFiles.networkRunDir,
        org: mspId,
        commitStatusAttempts: attempts,
        ...(onStage
          ? {
              onStage: ({ stage, seconds }: StageTiming) => {
                if (stage !== 'evaluate') onStage(stage === 'commitStatus' ? 'commit' : stage, seconds);
              },
            }
          : {}),
        deadlines: {
          evaluate: deadlineAfter(settings.deadlines.evaluateMs),
          endorse: deadlineAfter(settings.deadlines.endorseMs),
          submit: deadlineAfter(settings.deadlines.submitMs),
          commitStatus: deadlineAfter(Math.max(100, Math.floor(settings.deadlines.commitStatusMs / attempts))),
        },
      });
      ports.push(port);
      return port;
    },
    close: async () => {
      await Promise.allSettled(ports.map((port) => port.close()));
    },
  };
}

/** Opens the ledger a configuration asks for. */
export async function openProcessLedger(mode: LedgerMode, settings: LedgerSettings): Promise<ProcessLedger> {
  return mode === 'embedded' ? openEmbeddedProcessLedger(settings) : openFabricProcessLedger(settings);
}
