export const DLQ_ENV_HELP = "";
export async function dlqListCommand(_a: string[]): Promise<number> { return 1; }
export async function dlqShowCommand(_a: string[]): Promise<number> { return 1; }
export async function dlqReplayCommand(_a: string[]): Promise<number> { return 1; }
