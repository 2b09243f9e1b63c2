/**
 * The bench runs the Worker's verifier in Node, which has WebCrypto as
 * globalThis.crypto; @types/node only names its key type under node:crypto.
 */
export {};
declare global {
  type CryptoKey = import("node:crypto").webcrypto.CryptoKey;
}
