/**
 * The network layout: the one table of orgs, roles and ports (network/config/network.json) with its
 * schema, where the run folder keeps each org's material, and where the Fabric tools and the run
 * folder are (the environment). The network scripts, a gateway's Fabric adapter and the root
 * `npm start` all read it from here (`@asylum-ledger/network/layout`), so none of them copies it.
 */
export * from './added-orgs';
export * from './environment';
export * from './network-config';
export * from './org-addresses';
export * from './run-layout';
