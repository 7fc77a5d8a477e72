/** Jest globalTeardown: stops the shared real network if a suite of this run started it. */
import { stopSharedRealNetwork } from './real-network';

export default async function teardown(): Promise<void> {
  await stopSharedRealNetwork();
}
