// The commands a markdown file documents: every line of its ```sh blocks (continuations joined, comments
// dropped), with the ```text block that may follow one as its expected output.
import { readFileSync } from 'node:fs';

export interface DocCommand {
  file: string;
  line: number;
  command: string;
  /** A ```text block right after the command's block: lines its output must contain. */
  expect?: string[];
  /** `# exits N` at the end of the line: the exit code the docs promise (0 otherwise). */
  exitCode: number;
}

interface Block {
  lang: string;
  line: number;
  lines: string[];
}

function blocks(text: string): Block[] {
  const out: Block[] = [];
  let open: Block | null = null;
  text.split('\n').forEach((l, i) => {
    const fence = /^\s*```(\S*)\s*$/.exec(l);
    if (fence && !open) open = { lang: fence[1], line: i + 2, lines: [] };
    else if (fence && open) {
      out.push(open);
      open = null;
    } else if (open) open.lines.push(l);
  });
  return out;
}

/**
 * Walks a shell line as the shell quotes it: where a `# comment` starts outside quotes (-1 if none), and
 * whether the line ends inside a quoted string (the command goes on on the next line).
 */
function scanLine(l: string): { commentAt: number; quoteOpen: boolean } {
  let q: string | null = null;
  for (let i = 0; i < l.length; i++) {
    const c = l[i];
    if (q === '"' && c === '\\') i++;
    else if (q) {
      if (c === q) q = null;
    } else if (c === "'" || c === '"') q = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /\s/.test(l[i - 1]))) return { commentAt: i, quoteOpen: false };
  }
  return { commentAt: -1, quoteOpen: q !== null };
}

const quoteOpen = (l: string): boolean => scanLine(l).quoteOpen;

/** Drops a trailing `# comment` outside quotes. */
function stripComment(l: string): { text: string; comment: string } {
  const at = scanLine(l).commentAt;
  return at < 0 ? { text: l.trimEnd(), comment: '' } : { text: l.slice(0, at).trimEnd(), comment: l.slice(at + 1).trim() };
}

export function docCommands(file: string, text = readFileSync(file, 'utf8')): DocCommand[] {
  const bs = blocks(text);
  const out: DocCommand[] = [];
  bs.forEach((b, bi) => {
    if (b.lang !== 'sh') return;
    const next = bs[bi + 1];
    const expect = next?.lang === 'text' && next.line - (b.line + b.lines.length) <= 3 ? next.lines.filter((l) => l.trim() !== '') : undefined;
    let pending = '';
    let start = 0;
    const cmds: DocCommand[] = [];
    b.lines.forEach((raw, i) => {
      if (!pending) start = b.line + i;
      const joined = pending.endsWith('\n') ? pending + raw : pending + raw.replace(/^\s+/, pending ? ' ' : '');
      if (/\\$/.test(raw)) {
        pending = joined.replace(/\\$/, '');
        return;
      }
      if (quoteOpen(joined)) {
        pending = `${joined}\n`;
        return;
      }
      pending = '';
      const { text: command, comment } = stripComment(joined);
      if (!command) return;
      const exits = /\bexits (\d+)\b/.exec(comment);
      cmds.push({ file, line: start, command, exitCode: exits ? Number(exits[1]) : 0 });
    });
    if (expect && cmds.length) cmds[cmds.length - 1].expect = expect;
    out.push(...cmds);
  });
  return out;
}

/** Lines in blocks that are not ```sh yet look like a command: a command the docs test would miss. */
export function hiddenCommands(file: string, text = readFileSync(file, 'utf8')): string[] {
  return blocks(text)
    .filter((b) => b.lang !== 'sh')
    .flatMap((b) => b.lines.filter((l) => /^\s*(\$ )?(npx )?simcast\s/.test(l)).map((l) => `${file}:${b.line}: ${l.trim()}`));
}
