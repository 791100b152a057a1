import { describe, expect, it } from 'vitest';
import { inReferenceOrder } from './catalog.ts';
import { BackupFormatError, decodeValue, encodeValue } from './format.ts';

describe('backup format', () => {
  it('orders tables after the ones they reference, ties by name', () => {
    const refs = [
      { table: 'messages', ref: 'cases' },
      { table: 'cases', ref: 'clients' },
      { table: 'cases', ref: 'staff' },
      { table: 'messages', ref: 'staff' },
    ];
    expect(inReferenceOrder(['messages', 'staff', 'settings', 'cases', 'clients'], refs)).toEqual(['clients', 'staff', 'cases', 'messages', 'settings']);
  });

  it('round-trips bytes as base64 and leaves strings, numbers and null as they are', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const encoded = encodeValue(bytes);
    expect(encoded).toEqual({ $b: bytes.toString('base64') });
    expect(decodeValue(JSON.parse(JSON.stringify(encoded)))).toEqual(bytes);
    for (const v of ['text', 42, null]) expect(decodeValue(encodeValue(v))).toBe(v);
    expect(() => decodeValue({ other: 1 })).toThrow(BackupFormatError);
    expect(() => encodeValue(2n ** 60n)).toThrow(BackupFormatError);
  });
});
