import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { CACHE_FORMAT, CACHE_VERSION, columnCache, type GraphCache } from './graph-cache.js';

/**
 * `.agent/cache/import-graph.cache` on disk. A first line `waveplan-import-graph <version> <sha-1
 * of the rest>`; a line of JSON (the header below), padded so what follows starts on a 4-byte
 * boundary; the integer columns, in the machine's byte order (the header names it); then three
 * text sections: the paths and the blob ids, one per line, and the specifiers back to back.
 *
 * A warm run reads every file's path and blob id and the specifiers of the few files that
 * changed. So the integers are used where they lie (no text to parse, no base64), the paths and
 * blob ids are decoded as two strings and split, and each specifier is decoded only when its
 * file's are asked for, from the byte offsets a column keeps: at 5,000 files that is 0.3 MB of
 * a 1.1 MB file turned into strings.
 */
interface Header {
  endian: string;
  env: string;
  configFiles: string[];
  digest: string;
  projects: string[];
  /** Followed files, paths (those files and what their specifiers resolve to), specifiers. */
  files: number;
  paths: number;
  specifiers: number;
  /** Bytes of the three text sections. */
  pathBytes: number;
  blobBytes: number;
  specifierBytes: number;
}

/**
 * The integer columns, one after another (Int32): per file its path (index into the paths) and
 * project (index into header.projects); per file + 1 where its specifiers start; per specifier
 * what it resolved to (a path index, -1 outside the repo) and where its bytes end in the
 * specifier section.
 */
interface Columns {
  file: Int32Array;
  project: Int32Array;
  start: Int32Array;
  resolved: Int32Array;
  specifierEnd: Int32Array;
}

function columnCount(files: number, specifiers: number): number {
  return files + files + (files + 1) + specifiers + specifiers;
}

/** The cache as file bytes: the same graph always gives the same bytes. */
export function serializeGraphCache(cache: GraphCache): Buffer {
  const resealed = cache.reseal?.();
  if (resealed !== undefined) return resealed;
  const paths: string[] = [];
  const pathIndex = new Map<string, number>();
  const indexOf = (path: string) => {
    let i = pathIndex.get(path);
    if (i === undefined) {
      pathIndex.set(path, (i = paths.length));
      paths.push(path);
    }
    return i;
  };
  const projects: string[] = [];
  const size = cache.size;
  const file = new Int32Array(size);
  const project = new Int32Array(size);
  const start = new Int32Array(size + 1);
  const blobs: string[] = [];
  const specifiers: string[] = [];
  const resolved: number[] = [];
  const specifierEnd: number[] = [];
  let bytes = 0;
  for (let at = 0; at < size; at++) file[at] = indexOf(cache.path(at));
  for (let at = 0; at < size; at++) {
    let p = projects.indexOf(cache.project(at));
    if (p === -1) p = projects.push(cache.project(at)) - 1;
    project[at] = p;
    blobs.push(`${cache.blob(at)}\n`);
    start[at] = specifiers.length;
    const targets = cache.resolved(at);
    cache.specifiers(at).forEach((s, i) => {
      specifiers.push(s);
      specifierEnd.push((bytes += Buffer.byteLength(s)));
      resolved.push(targets[i] === null ? -1 : indexOf(targets[i]!));
    });
  }
  start[size] = specifiers.length;
  const columns: Columns = { file, project, start, resolved: Int32Array.from(resolved), specifierEnd: Int32Array.from(specifierEnd) };
  const head = { endian: endianness(), env: cache.env, configFiles: cache.configFiles, digest: cache.digest, projects };
  return seal(
    head,
    columnBytes(columns),
    Buffer.from(paths.map((path) => `${escape(path)}\n`).join('')),
    Buffer.from(blobs.join(''), 'latin1'),
    Buffer.from(specifiers.join('')),
    { files: size, paths: paths.length, specifiers: specifiers.length },
  );
}

type Head = Pick<Header, 'endian' | 'env' | 'configFiles' | 'digest' | 'projects'>;

function seal(
  head: Head,
  columns: Buffer,
  pathText: Buffer,
  blobText: Buffer,
  specifierText: Buffer,
  counts: Pick<Header, 'files' | 'paths' | 'specifiers'>,
): Buffer {
  const header: Header = { ...head, ...counts, pathBytes: pathText.length, blobBytes: blobText.length, specifierBytes: specifierText.length };
  const json = JSON.stringify(header);
  // The first line is as long whatever the checksum: pad the header so the columns start on a multiple of 4.
  const before = `${CACHE_FORMAT} ${CACHE_VERSION} ${'0'.repeat(40)}\n`.length + Buffer.byteLength(json) + 1;
  const headerLine = Buffer.from(`${json}${' '.repeat((4 - (before % 4)) % 4)}\n`);
  const parts = [headerLine, columns, pathText, blobText, specifierText];
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return Buffer.concat([Buffer.from(`${CACHE_FORMAT} ${CACHE_VERSION} ${hash.digest('hex')}\n`), ...parts]);
}

function columnBytes(columns: Columns): Buffer {
  return Buffer.concat(
    [columns.file, columns.project, columns.start, columns.resolved, columns.specifierEnd].map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)),
  );
}

/**
 * A cache read back, or undefined when it is corrupt, foreign, from another format version or
 * another byte order: it is then rebuilt, never trusted. The checksum covers every byte, and
 * every index and offset is checked against its table before anything is decoded.
 */
export function parseGraphCache(bytes: Uint8Array): GraphCache | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const firstLine = buffer.indexOf(10);
  if (firstLine === -1) return undefined;
  const body = buffer.subarray(firstLine + 1);
  const source = createHash('sha1').update(body).digest('hex');
  if (buffer.toString('latin1', 0, firstLine) !== `${CACHE_FORMAT} ${CACHE_VERSION} ${source}`) return undefined;
  const headerEnd = body.indexOf(10);
  if (headerEnd === -1) return undefined;
  let header: Partial<Header>;
  try {
    header = JSON.parse(body.toString('utf8', 0, headerEnd)) as Partial<Header>;
  } catch {
    return undefined;
  }
  const { env, configFiles, digest, projects } = header;
  if (header.endian !== endianness() || typeof env !== 'string' || typeof digest !== 'string' || !isStringArray(configFiles) || !isStringArray(projects))
    return undefined;
  const counts = [header.files, header.paths, header.specifiers, header.pathBytes, header.blobBytes, header.specifierBytes];
  if (!counts.every((n) => Number.isSafeInteger(n) && n! >= 0)) return undefined;
  const [size, pathCount, specifierCount, pathBytes, blobBytes, specifierBytes] = counts as number[];
  const columnsAt = headerEnd + 1;
  const textAt = columnsAt + 4 * columnCount(size, specifierCount);
  if ((firstLine + 1 + columnsAt) % 4 !== 0 || textAt + pathBytes + blobBytes + specifierBytes !== body.length) return undefined;
  const columns = readColumns(body, columnsAt, size, specifierCount);
  if (!validColumns(columns, { pathCount, projectCount: projects.length, specifierBytes })) return undefined;
  const paths = lines(body.toString('utf8', textAt, textAt + pathBytes), pathCount)?.map(unescape);
  const blobs = lines(body.toString('latin1', textAt + pathBytes, textAt + pathBytes + blobBytes), size);
  if (!paths || !blobs) return undefined;
  const specifierAt = textAt + pathBytes + blobBytes;
  const { file, project, start, resolved, specifierEnd } = columns;
  const specifier = (i: number) => body.toString('utf8', specifierAt + (i === 0 ? 0 : specifierEnd[i - 1]), specifierAt + specifierEnd[i]);
  const pathSection = body.subarray(textAt, textAt + pathBytes);
  const specifierSection = body.subarray(specifierAt);
  return columnCache({
    source,
    env,
    configFiles,
    digest,
    size,
    path: (at) => paths[file[at]],
    blob: (at) => blobs[at],
    project: (at) => projects[project[at]],
    specifiers: (at) => Array.from({ length: start[at + 1] - start[at] }, (_, k) => specifier(start[at] + k)),
    resolved: (at) => Array.from(resolved.subarray(start[at], start[at + 1]), (r) => (r === -1 ? null : paths[r])),
    // Only blob ids changed (the usual warm run): every other section is written back as it was read.
    rewrite: (blob, newDigest) => {
      const blobText = Buffer.from(Array.from({ length: size }, (_, at) => `${blob(at)}\n`).join(''), 'latin1');
      return seal(
        { endian: header.endian!, env, configFiles, digest: newDigest, projects },
        body.subarray(columnsAt, textAt),
        pathSection,
        blobText,
        specifierSection,
        { files: size, paths: pathCount, specifiers: specifierCount },
      );
    },
  });
}

/** The integer columns where they lie in the file, or a copy when the bytes are not 4-byte aligned in memory. */
function readColumns(body: Buffer, at: number, files: number, specifiers: number): Columns {
  const count = columnCount(files, specifiers);
  const offset = body.byteOffset + at;
  const all = offset % 4 === 0 ? new Int32Array(body.buffer, offset, count) : new Int32Array(Uint8Array.from(body.subarray(at, at + 4 * count)).buffer);
  let next = 0;
  const take = (n: number) => all.subarray(next, (next += n));
  return { file: take(files), project: take(files), start: take(files + 1), resolved: take(specifiers), specifierEnd: take(specifiers) };
}

function validColumns(columns: Columns, limits: { pathCount: number; projectCount: number; specifierBytes: number }): boolean {
  const { file, project, start, resolved, specifierEnd } = columns;
  const size = file.length;
  if (start[0] !== 0 || start[size] !== resolved.length) return false;
  for (let at = 0; at < size; at++) {
    if (file[at] < 0 || file[at] >= limits.pathCount || project[at] < 0 || project[at] >= limits.projectCount || start[at + 1] < start[at]) return false;
  }
  let end = 0;
  for (let i = 0; i < resolved.length; i++) {
    if (resolved[i] < -1 || resolved[i] >= limits.pathCount || specifierEnd[i] < end) return false;
    end = specifierEnd[i];
  }
  return end === limits.specifierBytes;
}

/** A section of `count` lines, each ending in a newline, or undefined when it holds another number. */
function lines(text: string, count: number): string[] | undefined {
  if (count === 0) return text === '' ? [] : undefined;
  if (!text.endsWith('\n')) return undefined;
  const out = text.slice(0, -1).split('\n');
  return out.length === count ? out : undefined;
}

/** A path may hold a newline or a backslash, which its line escapes. */
function escape(path: string): string {
  return /[\\\n]/.test(path) ? path.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : path;
}

function unescape(path: string): string {
  return path.includes('\\') ? path.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\')) : path;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
