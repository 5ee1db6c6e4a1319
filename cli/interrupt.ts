// Ctrl-C (SIGINT) and SIGTERM, handled from the first line of the process: the first one aborts
// `interrupted` (a command in progress stops cleanly and exits 130; one not yet started exits 130 at
// once), a second one exits at once. So a signal is never the default kill, however early it comes.
const controller = new AbortController();
let installed = false;

export const interrupted: AbortSignal = controller.signal;

export function installInterrupt(): void {
  if (installed) return;
  installed = true;
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.stderr.write(`simcast: ${sig} again, exiting now\n`);
      process.exit(130);
    }
    controller.abort(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
