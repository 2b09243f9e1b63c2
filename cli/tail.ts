export async function tailCommand(_a: string[]): Promise<number> { return 1; }
