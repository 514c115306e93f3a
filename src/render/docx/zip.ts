import * as zlib from 'node:zlib';
import { remembering } from '../deflated.js';

const deflate = remembering('raw level 6', (data) => zlib.deflateRawSync(data, { level: 6 }));

/**
 * A zip file (PKWARE's APPNOTE: local headers, data, central directory) of the given
 * entries, in their order, each deflated by Node's zlib. Nothing in it comes from the
 * clock or the machine: every entry carries `date`'s day (UTC, so the time zone cannot
 * change the bytes) at midnight, and no extra fields or permissions are written.
 */
export function zip(entries: Iterable<[path: string, data: Uint8Array]>, date: Date): Uint8Array {
  const day = zipDay(date);
  const dosDate = ((day.getUTCFullYear() - 1980) << 9) | ((day.getUTCMonth() + 1) << 5) | day.getUTCDate();
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  let count = 0;
  for (const [path, data] of entries) {
    const name = Buffer.from(path, 'utf8');
    const deflated = deflate(data);
    // Bit 11: the name is UTF-8 (only said where it is not plain ASCII, as zip tools do).
    const flags = name.length === path.length ? 0 : 0x800;
    const common = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed: 2.0, deflate
      header.writeUInt16LE(flags, at + 2);
      header.writeUInt16LE(8, at + 4); // deflate
      header.writeUInt16LE(0, at + 6); // time: midnight
      header.writeUInt16LE(dosDate, at + 8);
      header.writeUInt32LE(crc32(data), at + 10);
      header.writeUInt32LE(deflated.length, at + 14);
      header.writeUInt32LE(data.length, at + 18);
      header.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    common(entry, 6);
    entry.writeUInt32LE(offset, 42);
    chunks.push(local, name, deflated);
    central.push(entry, name);
    offset += local.length + name.length + deflated.length;
    count++;
  }
  const size = central.reduce((sum, c) => sum + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  const out = Buffer.concat([...chunks, ...central, end]);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** The first and last days a zip entry can carry: MS-DOS dates count 7 bits of years from 1980. */
const firstZipDay = Date.UTC(1980, 0, 1);
const lastZipDay = Date.UTC(2107, 11, 31);

/**
 * `date` brought into the zip format's range. The submission's date is held inside it
 * by the schema; SOURCE_DATE_EPOCH may be anything (0, the usual "no date", is 1970),
 * and a build with it must still give the same bytes every time.
 */
export function zipDay(date: Date): Date {
  return new Date(Math.min(Math.max(date.getTime(), firstZipDay), lastZipDay));
}

/** zlib's CRC-32 (Node 20.15 and later), else the same sum in JavaScript. */
const crc32: (data: Uint8Array) => number = (zlib as { crc32?: (data: Uint8Array) => number }).crc32 ?? slowCrc32;

let table: Uint32Array | undefined;
function slowCrc32(data: Uint8Array): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    for (let k = 0; k < 8; k++) n = n & 1 ? 0xedb88320 ^ (n >>> 1) : n >>> 1;
    return n >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
