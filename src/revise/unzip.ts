import { inflateRawSync } from 'node:zlib';

/**
 * The entries of a zip file (a DOCX), read from its central directory: stored or
 * deflated, as Word, LibreOffice and python-docx write them. Throws an Error saying
 * what is wrong with a file that is not such a zip; the caller says which file.
 */
export function unzip(bytes: Uint8Array): Map<string, Uint8Array> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end of central directory record: 22 bytes, then up to 65535 of comment.
  let end = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 65535); at--) {
    if (data.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error('it is not a zip file (no central directory)');
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const entries = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50) throw new Error('its zip directory is damaged');
    const method = data.readUInt16LE(at + 10);
    const compressed = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const local = data.readUInt32LE(at + 42);
    const name = data.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    at += 46 + nameLength + extraLength + commentLength;
    if (local + 30 > data.length || data.readUInt32LE(local) !== 0x04034b50) throw new Error(`its entry ${name} is damaged`);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + compressed);
    if (raw.length !== compressed) throw new Error(`its entry ${name} is cut short`);
    if (method === 0) entries.set(name, raw);
    else if (method === 8) {
      try {
        entries.set(name, inflateRawSync(raw));
      } catch {
        throw new Error(`its entry ${name} does not decompress`);
      }
    } else throw new Error(`its entry ${name} is compressed with method ${method}, which a DOCX does not use`);
  }
  return entries;
}
