/**
 * Imported first by scripts/start.ts: fabric-contract-api reads its log level when it is loaded,
 * and would otherwise log every decorator of the chaincode the embedded ledger runs.
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';
