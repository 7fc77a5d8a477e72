/**
 * The process model of asylum-ledger, defined once: imported by the chaincode, the gateway and the
 * docs generators. Pure: no Fabric, no I/O.
 */
export * from './authorities';
export * from './authority-directory';
export * from './case-event';
export * from './case-history';
export * from './case-scope';
export * from './case-record';
export * from './chaincode-error';
export * from './check-order';
export * from './correction-plan';
export * from './decide-correction';
export * from './decide-transition';
export * from './directory-governance';
export * from './endorsement-rules';
export * from './error-codes';
export * from './event-targets';
export * from './holds';
export * from './identifiers';
export * from './ledger-date';
export * from './may-perform';
export * from './read-scope';
export * from './proposal-time';
export * from './receipt';
export * from './request-marker';
export * from './transition-inputs';
export * from './transition-rule';
export * from './transitions';
export * from './validate-input';
export * from './vocabulary';
export * from './canonical-json';
export * from './ledger-port';
export * from './case-deadlines';
export * from './legal-bases';
export * from './legal-periods';
export * from './legal-regimes';
export * from './legal-status';
export * from './procedure-dates';
export * from './remedy-periods';
export * from './removal-status';
export * from './rule-law';
export * from './retention';
export * from './directory-limits';
export * from './follow-up';
export * from './case-links';
export * from './competence-vocabulary';
