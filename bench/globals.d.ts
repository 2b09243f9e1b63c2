/**
 * The bench runs the Worker's verifier in Node, which has WebCrypto as
 * globalThis.crypto; @types/node only names its key type under node:crypto.
 */
export {};
declare global {
  type CryptoKey = import("node:crypto").webcrypto.CryptoKey;
  // Algorithm parameter names from @cloudflare/workers-types used by src/verify.
  type SubtleCryptoSignAlgorithm = import("node:crypto").webcrypto.AlgorithmIdentifier | import("node:crypto").webcrypto.EcdsaParams;
  type JsonWebKey = import("node:crypto").webcrypto.JsonWebKey;
  type SubtleCryptoImportKeyAlgorithm = import("node:crypto").webcrypto.AlgorithmIdentifier | import("node:crypto").webcrypto.EcKeyImportParams | import("node:crypto").webcrypto.RsaHashedImportParams;
}
