import { refusal, type GatePlugin } from './gate.ts';

/**
 * Bodies must declare their length and stay under the limit; Node's parser holds a request to the
 * length it declared, so nothing larger is ever read. GraphQL multipart uploads (a financed
 * payment's invoices) have their own, larger limit; each file is capped again by its mutation.
 */
export function useBodyLimit(jsonMaxBytes: number, uploadMaxBytes = jsonMaxBytes): GatePlugin {
  return {
    onRequest({ request, endResponse, fetchAPI, serverContext }) {
      if (request.method !== 'POST') return;
      const maxBytes = /^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '') ? Math.max(uploadMaxBytes, jsonMaxBytes) : jsonMaxBytes;
      const declared = request.headers.get('content-length');
      if (declared === null) {
        endResponse(refusal(fetchAPI, 411, 'LENGTH_REQUIRED', 'Send a Content-Length header.', serverContext.requestId));
      } else if (!/^\d+$/.test(declared) || Number(declared) > maxBytes) {
        endResponse(refusal(fetchAPI, 413, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${maxBytes} bytes.`, serverContext.requestId));
      }
    },
  };
}
