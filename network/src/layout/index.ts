/**
 * The network layout: the one table of orgs, roles and ports (network/config/network.json) with its
 * schema, and where the run folder keeps each org's material. The network scripts and a gateway's
 * Fabric adapter both read it from here (`@asylum-ledger/network/layout`), so neither copies it.
 */
export * from './network-config';
export * from './run-layout';
