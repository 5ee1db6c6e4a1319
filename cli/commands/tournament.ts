export const help = 'simcast tournament: (being built)\n';
export async function run(_argv: string[]): Promise<number> {
  return 0;
}
