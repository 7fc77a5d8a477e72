/**
 * Entry point of the chaincode package, as fabric-chaincode-node loads it: the contracts, the
 * first being the default.
 */
import { CaseContract } from './contract/case-contract';
import { DirectoryContract } from './contract/directory-contract';

export { CaseContract, DirectoryContract };

/** The contracts of this chaincode; `case` is the default. */
export const contracts: (typeof CaseContract | typeof DirectoryContract)[] = [CaseContract, DirectoryContract];
