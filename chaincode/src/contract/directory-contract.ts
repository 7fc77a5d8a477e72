/**
 * The directory contract: governance of which authorities take part (MSP ID, kind, Land).
 */
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  BootstrapDirectoryInput,
  ChaincodeError,
  RegisterAuthorityInput,
  decideBootstrap,
  decideRegisterAuthority,
  encodeError,
  parseJsonInput,
} from '../domain';
import { canonicalJson } from '../ledger/canonical-json';
import { CaseStore } from '../ledger/case-store';
import { submitterOf } from '../ledger/transaction-io';
import { withCodedErrors } from './coded-errors';

/** Name of the directory contract. */
export const DIRECTORY_CONTRACT_NAME = 'directory';

@Info({ title: 'DirectoryContract', description: 'The authority directory: who takes part, of which kind, in which Land' })
export class DirectoryContract extends Contract {
  constructor() {
    super(DIRECTORY_CONTRACT_NAME);
  }

  /** Refuses a function name that is not a transaction of this contract. */
  override async unknownTransaction(ctx: Context): Promise<void> {
    const { fcn } = ctx.stub.getFunctionAndParameters();
    throw new Error(encodeError(new ChaincodeError('UNKNOWN_TRANSACTION', `no transaction ${fcn}`, { fcn })));
  }

  /** Writes the first directory (once, by an ADMIN of a listed authority). */
  @Transaction()
  @Returns('string')
  async bootstrap(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(async () => {
      const store = new CaseStore(ctx);
      const parsed = parseJsonInput(BootstrapDirectoryInput, input, 'input of bootstrap');
      const directory = decideBootstrap(await store.getDirectory(), parsed, submitterOf(ctx));
      await store.putDirectory(directory);
      return canonicalJson(directory);
    });
  }

  /** Adds or changes one authority (ADMIN; the directory key needs a majority of participants). */
  @Transaction()
  @Returns('string')
  async registerAuthority(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(async () => {
      const store = new CaseStore(ctx);
      const parsed = parseJsonInput(RegisterAuthorityInput, input, 'input of registerAuthority');
      const directory = decideRegisterAuthority(await store.getDirectory(), parsed, submitterOf(ctx));
      await store.putDirectory(directory);
      return canonicalJson(directory);
    });
  }

  /** The whole directory. */
  @Transaction(false)
  @Returns('string')
  async getDirectory(ctx: Context): Promise<string> {
    return withCodedErrors(async () => {
      const directory = await new CaseStore(ctx).getDirectory();
      if (!directory) throw new ChaincodeError('DIRECTORY_ERROR', 'the authority directory is not bootstrapped', {});
      return canonicalJson(directory);
    });
  }
}
