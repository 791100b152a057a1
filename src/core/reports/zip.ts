/**
 * A streaming ZIP writer (deflate, data descriptors), enough for an XLSX container: each
 * entry's bytes are compressed as they come and the sizes and CRC written after them, so
 * neither an entry nor the archive is ever held whole in memory. Pure formatting over
 * node:zlib and node:stream, no I/O.
 */
import { Readable, pipeline } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

/** One file of the archive: its path and its content, text or bytes, as it comes. */
export interface ZipEntry {
  name: string;
  data: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
}

interface Written {
  name: Buffer;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
}

/** MS-DOS time and date of an instant (local fields as UTC: XLSX readers ignore them). */
function dosTime(at: Date): { time: number; date: number } {
  const year = Math.max(1980, at.getUTCFullYear());
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

// General purpose flags: bit 3 (sizes and CRC follow the data), bit 11 (UTF-8 names).
const FLAGS = 0x0808;
const DEFLATE = 8;
/**
 * Deflate level 2: a year of 100k cases (about 100 MB of sheet XML) took 3.3 s in all and
 * made 11.2 MB at level 6, 2.3 s and 14.5 MB at level 2; on a busy machine the difference
 * doubles, and the 5 s goal matters more than 3 MB.
 */
const LEVEL = 2;
/** Content made ahead while zlib compresses the last piece in its thread. */
const READ_AHEAD = 1024 * 1024;

function localHeader(name: Buffer, stamp: { time: number; date: number }): Buffer {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(20, 4);
  b.writeUInt16LE(FLAGS, 6);
  b.writeUInt16LE(DEFLATE, 8);
  b.writeUInt16LE(stamp.time, 10);
  b.writeUInt16LE(stamp.date, 12);
  // CRC and sizes (14..25) stay zero: the data descriptor carries them.
  b.writeUInt16LE(name.length, 26);
  return Buffer.concat([b, name]);
}

function dataDescriptor(w: Written): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(w.crc, 4);
  b.writeUInt32LE(w.compressed, 8);
  b.writeUInt32LE(w.size, 12);
  return b;
}

function centralDirectory(entries: readonly Written[], stamp: { time: number; date: number }, start: number): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  for (const w of entries) {
    const b = Buffer.alloc(46);
    b.writeUInt32LE(0x02014b50, 0);
    b.writeUInt16LE(20, 4);
    b.writeUInt16LE(20, 6);
    b.writeUInt16LE(FLAGS, 8);
    b.writeUInt16LE(DEFLATE, 10);
    b.writeUInt16LE(stamp.time, 12);
    b.writeUInt16LE(stamp.date, 14);
    b.writeUInt32LE(w.crc, 16);
    b.writeUInt32LE(w.compressed, 20);
    b.writeUInt32LE(w.size, 24);
    b.writeUInt16LE(w.name.length, 28);
    b.writeUInt32LE(w.offset, 42);
    parts.push(b, w.name);
    length += b.length + w.name.length;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(length, 12);
  end.writeUInt32LE(start, 16);
  return Buffer.concat([...parts, end]);
}

/**
 * The archive's bytes, entry after entry, as they are compressed. Sizes stay below 4 GiB
 * (no ZIP64): a year of cases is tens of megabytes.
 *
 * @example for await (const bytes of zipStream([{ name: 'a.txt', data: ['hello'] }], new Date())) out.write(bytes);
 */
export async function* zipStream(entries: Iterable<ZipEntry>, at: Date): AsyncGenerator<Uint8Array> {
  const stamp = dosTime(at);
  const written: Written[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const w: Written = { name, offset, crc: 0, compressed: 0, size: 0 };
    const header = localHeader(name, stamp);
    yield header;
    offset += header.length;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const part of entry.data) {
        const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part.buffer, part.byteOffset, part.byteLength);
        if (bytes.length === 0) continue;
        w.crc = crc32(bytes, w.crc);
        w.size += bytes.length;
        yield bytes;
      }
    }
    // pipeline hands a failure of the content on to the deflate stream, so the loop throws.
    const deflated = pipeline(Readable.from(counted(), { objectMode: false, highWaterMark: READ_AHEAD }), createDeflateRaw({ level: LEVEL, chunkSize: 256 * 1024 }), () => undefined);
    for await (const chunk of deflated as AsyncIterable<Buffer>) {
      w.compressed += chunk.length;
      yield chunk;
    }
    const descriptor = dataDescriptor(w);
    yield descriptor;
    offset += w.compressed + descriptor.length;
    written.push(w);
  }
  yield centralDirectory(written, stamp, offset);
}
