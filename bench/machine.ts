// Facts about the machine a benchmark ran on, printed with every result.
import { cpus, totalmem } from 'node:os';

export function machineFacts(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}-${process.arch}`;
}
