import { ChaincodeError, decodeError, encodeError } from './chaincode-error';
import { ERROR_CODES, isErrorCode } from './error-codes';

describe('the error codec', () => {
  it.each(ERROR_CODES)('round-trips %s through the text Fabric carries', (code) => {
    const error = new ChaincodeError(code, `something about ${code}`, { txId: 'abc', holds: ['X'], n: 1 });
    const asSeenByClient = `chaincode response 500, ${encodeError(error)}`;
    expect(decodeError(asSeenByClient)).toEqual({ code, message: error.message, details: error.details });
  });

  it('pins the wire format', () => {
    expect(encodeError(new ChaincodeError('CASE_NOT_FOUND', 'no case', { caseRef: 'x' }))).toBe(
      'ASYLUM_LEDGER_ERROR {"code":"CASE_NOT_FOUND","message":"no case","details":{"caseRef":"x"}}',
    );
  });

  it('finds nothing in text without a coded error, or with a broken or unknown one', () => {
    expect(decodeError('chaincode response 500, TypeError: x is undefined')).toBeUndefined();
    expect(decodeError('ASYLUM_LEDGER_ERROR {"code":"NOPE","message":"m"}')).toBeUndefined();
    expect(decodeError('ASYLUM_LEDGER_ERROR {"code":')).toBeUndefined();
    expect(decodeError('ASYLUM_LEDGER_ERROR no json')).toBeUndefined();
    expect(decodeError('ASYLUM_LEDGER_ERROR {"code":"CASE_NOT_FOUND","message":"m","details":null}')).toEqual({
      code: 'CASE_NOT_FOUND',
      message: 'm',
      details: {},
    });
  });

  it('knows its codes', () => {
    expect(isErrorCode('VERSION_CONFLICT')).toBe(true);
    expect(isErrorCode('version_conflict')).toBe(false);
    expect(isErrorCode(3)).toBe(false);
  });
});
