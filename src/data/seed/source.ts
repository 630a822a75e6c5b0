import path from 'node:path';
import { ConfinementError, checkInside, confinementRoot } from '../../util/confined-file.js';
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SeedError, errorText } from './errors.js';

/** Default read size of the dump file and of the decompressor's output. */
export const READ_CHUNK = 1 << 16;

/**
 * A dump file as a stream of (decompressed) bytes. The file's own bytes (compressed or not) are
 * counted and hashed as they are read, so `digest()` is only complete once the stream was read
 * to its end.
 */
export interface DumpSource {
  readonly gzip: boolean;
  chunks(): AsyncIterable<Buffer>;
  /** Size and sha256 (hex) of the file's bytes read so far. */
  digest(): { bytes: number; sha256: string };
  /** Stops reading (after a failure part-way). */
  close(): void;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** Compressed formats recognised only to say so. */
const OTHER_FORMATS = [
  { name: 'xz', magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) },
  { name: 'zstd', magic: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]) },
  { name: 'bzip2', magic: Buffer.from('BZh') },
  { name: 'zip', magic: Buffer.from([0x50, 0x4b, 0x03, 0x04]) },
];

/** Opens a dump: missing, unreadable or not-a-file paths are SeedErrors; gzip is detected by its magic bytes. */
export async function openDump(file: string, chunkSize = READ_CHUNK): Promise<DumpSource> {
  let head: Buffer;
  try {
    const abs = path.resolve(file);
    // A dump of the pull request's is untrusted: a link out of its repository is never read.
    await checkInside(abs, file, await confinementRoot(path.dirname(abs))).catch((err: unknown) => {
      throw err instanceof ConfinementError ? new SeedError(err.message, file, null) : err;
    });
    const info = await stat(file);
    if (!info.isFile()) throw new SeedError(`${file}: not a file`, file, null);
    const handle = await open(file, 'r');
    try {
      head = Buffer.alloc(6);
      const { bytesRead } = await handle.read(head, 0, 6, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof SeedError) throw err;
    const code = (err as { code?: unknown }).code;
    const reason =
      code === 'ENOENT'
        ? 'seed file not found'
        : code === 'EACCES'
          ? 'seed file not readable (permission denied)'
          : `cannot read seed file (${String(code ?? err)})`;
    throw new SeedError(`${file}: ${reason}`, file, null);
  }
  const gzip = head.length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  const other = OTHER_FORMATS.find((f) => head.subarray(0, f.magic.length).equals(f.magic));
  if (other) {
    throw new SeedError(
      `${file}: ${other.name}-compressed; only plain and gzip-compressed dumps are read: decompress it first, or load it with --seed-command`,
      file,
      null,
    );
  }
  const hash: Hash = createHash('sha256');
  let bytes = 0;
  const raw = createReadStream(file, { highWaterMark: chunkSize });
  let rawDone = false;
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const chunk of raw) {
      const b = chunk as Buffer;
      hash.update(b);
      bytes += b.length;
      yield b;
    }
    rawDone = true;
  }
  // errors reach the reader through the last stream, which pipeline destroys with them
  const gunzip = gzip ? pipeline(hashed, createGunzip({ chunkSize }), () => undefined) : null;
  // the reader gets the error from its iterator; pipeline may destroy the stream with it again later
  gunzip?.on('error', () => undefined);
  const out: AsyncIterable<unknown> = gunzip ?? hashed();
  let digest: string | null = null;
  return {
    gzip,
    async *chunks() {
      try {
        for await (const chunk of out) yield chunk as Buffer;
      } catch (err) {
        const what = gzip ? 'cannot decompress seed file' : 'cannot read seed file';
        throw new SeedError(`${file}: ${what}: ${errorText(err)}`, file, null);
      }
    },
    digest() {
      // the hash is finalised once, after the whole file was read
      if (digest === null && rawDone) digest = hash.digest('hex');
      return { bytes, sha256: digest ?? '' };
    },
    close() {
      gunzip?.destroy();
      raw.destroy();
    },
  };
}
