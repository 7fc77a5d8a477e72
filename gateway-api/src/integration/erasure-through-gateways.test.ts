import { describeErasureThroughGateways } from '../test-support/erasure-suite';
import { openTempDevLedger } from '../test-support/three-gateways-suite';

describeErasureThroughGateways('erasure through three gateways on one embedded ledger', () => openTempDevLedger('gw-erasure-'));
