import { spawn } from 'node:child_process';

/** Opens an address in the user's browser, as their system opens links; a failure only says so. */
export function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`could not open a browser (${command}); open the address above yourself\n`));
  child.unref();
}
