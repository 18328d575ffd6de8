import { z } from 'zod';
import { ReplySchema } from './errors';

export { IPC_EVENT, IPC_INVOKE } from './ipcChannels';

/** The headless WebSocket's path and the query parameter that carries the per-run token. */
export const WS_PATH = '/api/ws';
export const TOKEN_PARAM = 'token';

/**
 * Where the engine proves it holds the token without anyone sending it: `GET
 * PROOF_PATH?challenge=<64 hex>` answers HMAC-SHA256(token, challenge) in hex. The CLI asks
 * before it sends the token (or a file) to the port named in server.json.
 */
export const PROOF_PATH = '/api/proof';
export const CHALLENGE_PARAM = 'challenge';

/** WebSocket frames, client → server. */
export const WsClientFrameSchema = z.object({
  t: z.literal('call'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(200),
  payload: z.unknown(),
});

/** WebSocket frames, server → client. */
export const WsServerFrameSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('reply'), id: z.number().int().nonnegative(), reply: ReplySchema }),
  z.object({ t: z.literal('event'), channel: z.string(), payload: z.unknown() }),
]);
export type WsServerFrame = z.infer<typeof WsServerFrameSchema>;
