export async function doctorCommand(_a: string[]): Promise<number> { return 1; }
