import { ApiError, apiError } from './errors.js';

/** Request bodies are small JSON objects; anything bigger is refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads at most `limit` bytes of the body as text; more is refused with 413. A declared
 * `Content-Length` over the limit is refused before a byte is read, and a body without one
 * (chunked) is cut off as soon as it passes the limit, so a 20 MB body costs 64 kB at most.
 */
export async function readBody(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get('Content-Length') ?? '0');
  const tooLarge = () =>
    new ApiError(
      'invalid_request',
      `the body exceeds ${limit} bytes`,
      { fields: [{ field: '(body)', code: 'too_large' }] },
      {},
      413,
    );
  if (declared > limit) throw tooLarge();
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw apiError('invalid_request', 'the body is not UTF-8', {
      fields: [{ field: '(body)', code: 'invalid_json' }],
    });
  }
}
