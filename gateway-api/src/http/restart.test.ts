import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { LedgerError } from '@asylum-ledger/domain';
import { FakeLedger } from '../test-support/fake-ledger';
import { createTestGateway, registerBody } from '../test-support/test-gateway';

describe('a gateway restart (same database file, same ledger)', () => {
  it('keeps idempotency records, pending txIds and local reference mappings', async () => {
    const dbFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-restart-')), 'gateway.sqlite');
    const ledger = new FakeLedger();
    const before = createTestGateway({ dbFile, ledger });
    const token = await before.token('LAND_RECEPTION');
    const created = await request(before.app)
      .post('/v1/cases')
        .set('Idempotency-Key', randomUUID())
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'reg-1')
      .send(registerBody({ localReference: 'FILE-1' }));
    const caseRef = created.body.caseRef as string;
    ledger.submitFailures.push((req) => new LedgerError('COMMIT_TIMEOUT', 'timeout', { txId: ledger.commit(req).txId }));
    const timedOut = await request(before.app)
      .post(`/v1/cases/${caseRef}/transitions`)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'arr-1')
      .send({ type: 'confirmArrival', effectiveOn: '2026-11-20' });
    expect(timedOut.status).toBe(504);
    before.store.close();

    const after = createTestGateway({ dbFile, ledger });
    const submitsBefore = ledger.submits.length;
    const replay = await request(after.app)
      .post('/v1/cases')
        .set('Idempotency-Key', randomUUID())
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'reg-1')
      .send(registerBody({ localReference: 'FILE-1' }));
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(created.body);
    const resumed = await request(after.app)
      .post(`/v1/cases/${caseRef}/transitions`)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'arr-1')
      .send({ type: 'confirmArrival', effectiveOn: '2026-11-20' });
    expect(resumed.status).toBe(200);
    expect(resumed.body.txId).toBe(timedOut.body.txId);
    expect(ledger.submits.length).toBe(submitsBefore);
    const mapped = await request(after.app).get('/v1/local-references/FILE-1').set('Authorization', `Bearer ${token}`);
    expect(mapped.body.cases).toEqual([{ caseRef, createdAt: expect.any(String) }]);
    after.store.close();
  });
});
