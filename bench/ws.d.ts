/** The part of `ws` (no bundled types) that bench/profile-workerd.ts uses. */
declare module "ws" {
  export default class WebSocket {
    constructor(url: string);
    once(event: "open" | "error", listener: (...args: unknown[]) => void): this;
    on(event: "message", listener: (data: unknown) => void): this;
    send(data: string): void;
    close(): void;
  }
}
