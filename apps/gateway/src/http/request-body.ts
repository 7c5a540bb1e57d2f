import express, { type Request, type Response } from 'express';
import { GatewayErrorCode, gatewayProblem } from '../gateway.errors';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export type BodyKind = 'single' | 'batch' | 'either';

const MEDIA_TYPES: Record<string, BodyKind> = {
  'application/cloudevents+json': 'single',
  'application/cloudevents-batch+json': 'batch',
  'application/json': 'either',
};

export function bodyKind(contentType: string | undefined): BodyKind {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const kind = MEDIA_TYPES[media];
  if (!kind) {
    throw gatewayProblem(
      GatewayErrorCode.UnsupportedMediaType,
      `Content-Type must be one of ${Object.keys(MEDIA_TYPES).join(', ')}`,
      [
        {
          path: 'headers.content-type',
          message: contentType ? `"${media}" is not supported` : 'is required',
        },
      ],
    );
  }
  return kind;
}

const rawParser = express.raw({ type: () => true, limit: BODY_LIMIT_BYTES });

/**
 * Reads the body only after authentication passed, and parses JSON with a precise error.
 * `allowEmpty`: an empty body is `undefined` rather than malformed (optional request bodies).
 */
export async function readJsonBody(
  req: Request,
  res: Response,
  options: { allowEmpty?: boolean } = {},
): Promise<unknown> {
  await new Promise<void>((resolve, reject) => {
    rawParser(req, res, (err?: unknown) => {
      if (!err) return resolve();
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') {
        reject(
          gatewayProblem(
            GatewayErrorCode.PayloadTooLarge,
            `The body must be at most ${BODY_LIMIT_BYTES} bytes (1 MiB).`,
            [{ path: '(body)', message: 'is larger than 1 MiB' }],
          ),
        );
      } else {
        reject(
          gatewayProblem(GatewayErrorCode.MalformedJson, 'The body could not be read.', [
            { path: '(body)', message: 'could not be read' },
          ]),
        );
      }
    });
  });
  const raw: unknown = req.body;
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  if (options.allowEmpty && text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw gatewayProblem(GatewayErrorCode.MalformedJson, 'The body is not valid JSON.', [
      { path: '(body)', message: e instanceof Error ? e.message : 'is not valid JSON' },
    ]);
  }
}
