import { describe, expect, it } from 'vitest';
import { HEADERS } from '../../eventlog/index.ts';
import { notificationRecord, parseNotificationRecord, type Notification } from '../../governance/notifications/index.ts';
import { EventRejected } from '../../schema/events/index.ts';

const DEPRECATED: Notification = {
  id: 'deprecated:urn:meshgraph:listeners:listener-profiles:v1:2026-12-01T02:00:00.000Z',
  kind: 'DATA_PRODUCT_DEPRECATED',
  urn: 'urn:meshgraph:listeners:listener-profiles:v1',
  at: '2026-12-01T02:00:00.000Z',
  message: 'listeners-owner deprecated it.',
  successor: 'urn:meshgraph:listeners:listener-profiles:v2',
  sunset: '2027-01-31',
  to: { consumers: ['analyst'], owners: ['listeners'] },
};

const read = (value: unknown, version: string | undefined = '1') => parseNotificationRecord(JSON.stringify(value), version);

describe('a record of the notifications topic', () => {
  it('is read back as the notification it was written from, keyed by its id', () => {
    const record = notificationRecord(DEPRECATED, '2026-12-01T02:00:01.000Z');
    expect(record.key).toBe(DEPRECATED.id);
    expect(parseNotificationRecord(record.value as string, record.headers![HEADERS.schemaVersion])).toEqual(DEPRECATED);
  });

  it('is refused, saying why, when it is no notification of a data product’s life', () => {
    expect(() => read({ ...DEPRECATED, kind: 'ACCESS_APPROVED' })).toThrow(EventRejected);
    expect(() => read({ ...DEPRECATED, kind: 'ACCESS_APPROVED' })).toThrow(/"kind" must be one of DATA_PRODUCT_DEPRECATED/);
    expect(() => read({ ...DEPRECATED, to: { consumers: 'analyst' } })).toThrow(/"consumers" must be an array of strings/);
    expect(() => read({ ...DEPRECATED, fields: [1] })).toThrow(/"fields" must be an array of strings/);
    expect(() => read(DEPRECATED, '2')).toThrow(/unknown schema version "2"/);
  });
});
