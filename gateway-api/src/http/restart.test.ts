import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createTestGateway, registerBody } from '../test-support/test-gateway';

describe('a gateway restart (same database file, same ledger)', () => {
  it('keeps idempotency records, pending txIds and local reference mappings', async () => {
    const dbFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-restart-')), 'gateway.sqlite');
    const before = await createTestGateway({ dbFile });
    const { ledger } = before;
    const token = await before.token('LAND_RECEPTION');
    const created = await request(before.app)
      .post('/v1/cases')
        .set('Idempotency-Key', randomUUID())
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'reg-1')
      .send(registerBody({ localReference: 'FILE-1' }));
    const caseRef = created.body.caseRef as string;
    const distributed = await request(before.app)
      .post(`/v1/cases/${caseRef}/transitions`)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'dist-1')
      .send({ type: 'recordDistribution', landCode: 'DE-SN', effectiveOn: '2026-11-20' });
    expect(distributed.status).toBe(200);
    ledger.timeOutSubmit({ commits: true });
    const timedOut = await request(before.app)
      .post(`/v1/cases/${caseRef}/transitions`)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'arr-1')
      .send({ type: 'confirmArrival', effectiveOn: '2026-11-20' });
    expect(timedOut.status).toBe(504);
    // the gateway stops; the ledger goes on
    before.store.close();

    const after = await createTestGateway({ dbFile, on: before });
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
    await after.close();
    await before.devLedger.close();
  });
});
