import { describeThreeGateways, openTempDevLedger } from '../test-support/three-gateways-suite';

describeThreeGateways('three gateways on one embedded ledger', () => openTempDevLedger('gw-three-'));
