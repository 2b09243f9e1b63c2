/**
 * The baseline for the end-to-end benchmark: a bare Worker that forwards every
 * request, unchanged and unverified, to ORIGIN. hookgate's full pipeline is
 * measured against this.
 */
interface PassthroughEnv {
  ORIGIN: string;
}

export default {
  async fetch(request: Request, env: PassthroughEnv): Promise<Response> {
    const url = new URL(request.url);
    return fetch(new URL(url.pathname + url.search, env.ORIGIN), {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
  },
};
