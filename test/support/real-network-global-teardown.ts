/**
 * Jest globalTeardown: searches every block of the channel for what the tests sent to gateways
 * (the personal-data guard), then stops the shared real network if a suite of this run started it.
 */
import { createNetworkContext } from '../../network/src/network-context';
import { assertNoPersonalDataInBlocks } from './personal-data-guard';
import { realNetworkSkipReason, stopSharedRealNetwork } from './real-network';

export default async function teardown(): Promise<void> {
  try {
    if (realNetworkSkipReason() === undefined) assertNoPersonalDataInBlocks(createNetworkContext({ log: () => undefined }).layout.root);
  } finally {
    await stopSharedRealNetwork();
  }
}
