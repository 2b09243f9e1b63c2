/**
 * Discord interactions PING (`type: 1`), answered with PONG `{"type":1}`.
 * Discord also sends PINGs with bad signatures and requires a 401 for them:
 * that is the verify stage's answer to any bad signature.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#security-and-authorization
 */
import type { HandshakeKind } from "./kind.ts";
import { jsonAnswer } from "./challenge.ts";

export const discordPing: HandshakeKind = {
  signing: "signed",
  matches: (req) => req.method === "POST" && req.field("type") === 1,
  answer: () => ({ ok: true, value: jsonAnswer({ type: 1 }) }),
};
