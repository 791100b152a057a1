/**
 * Reads a Bot API request's parameters from the query string and a JSON, form-urlencoded
 * or multipart/form-data body, the ways Telegram accepts them. Multipart is parsed here
 * rather than with `Request.formData()` because grammY writes unquoted filenames and
 * header names without spaces, which stricter parsers reject.
 */
import { BotApiError } from './errors.ts';
import { UploadedFile } from './params.ts';

/** Telegram's upload limit for bots on the public server. */
const MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Reads all parameters of a request into one object (body wins over query string). */
export async function readParams(request: Request): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URL(request.url).searchParams) params[key] = value;
  if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return params;

  const contentType = request.headers.get('content-type') ?? '';
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > MAX_BODY_BYTES) throw new BotApiError(413, 'Request Entity Too Large');
  if (bytes.length === 0) return params;

  if (/multipart\/form-data/i.test(contentType)) {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    const name = boundary?.[1] ?? boundary?.[2];
    if (!name) throw new BotApiError(400, 'Bad Request: multipart boundary is missing');
    Object.assign(params, resolveAttachments(parseMultipart(bytes, name)));
  } else if (/application\/x-www-form-urlencoded/i.test(contentType)) {
    for (const [key, value] of new URLSearchParams(bytes.toString('utf8'))) params[key] = value;
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch (cause) {
      throw new BotApiError(400, "Bad Request: can't parse JSON object", { cause });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new BotApiError(400, "Bad Request: can't parse JSON object");
    }
    Object.assign(params, parsed);
  }
  return params;
}

/** Replaces "attach://<name>" values with the file part called `<name>`, dropping that part. */
function resolveAttachments(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const used = new Set<string>();
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && value.startsWith('attach://')) {
      const ref = value.slice('attach://'.length);
      const file = fields[ref];
      if (file instanceof UploadedFile) {
        out[key] = file;
        used.add(ref);
        continue;
      }
    }
    out[key] = value;
  }
  for (const ref of used) delete out[ref];
  return out;
}

/** Parses a multipart body into string fields and `UploadedFile`s. */
export function parseMultipart(body: Buffer, boundary: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  const separator = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) return fields;
  pos += delimiter.length;
  for (;;) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) break;
    const next = body.indexOf(separator, headerEnd + 4);
    if (next < 0) break;
    const headers = parseHeaders(body.subarray(pos, headerEnd).toString('utf8'));
    const content = body.subarray(headerEnd + 4, next);
    const disposition = headers.get('content-disposition') ?? '';
    const name = dispositionParam(disposition, 'name');
    if (name !== undefined) {
      const filename = dispositionParam(disposition, 'filename');
      fields[name] =
        filename === undefined
          ? content.toString('utf8')
          : new UploadedFile(
              filename,
              headers.get('content-type') ?? 'application/octet-stream',
              new Uint8Array(content),
            );
    }
    pos = next + separator.length;
  }
  return fields;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function dispositionParam(disposition: string, param: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${param}\\s*=\\s*(?:"([^"]*)"|([^;]*))`, 'i').exec(disposition);
  if (!match) return undefined;
  return (match[1] ?? match[2] ?? '').trim();
}
