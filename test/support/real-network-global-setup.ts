/** Jest globalSetup: the real-network suites of this run share one network (started lazily). */
import { startRecordingSentValues } from './personal-data-guard';
import { shareRealNetworkBetweenSuites } from './real-network';

export default function setup(): void {
  shareRealNetworkBetweenSuites();
  startRecordingSentValues();
}
