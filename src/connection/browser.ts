import { spawn } from 'node:child_process';

/**
 * Opens a URL in the user's browser, best effort: a missing opener or a headless machine is not an
 * error, since the URL is printed anyway. Resolves false when no opener could be started.
 */
export function openBrowser(url: string): Promise<boolean> {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? // rundll32 takes the URL as one argument, without cmd.exe re-parsing its `&`s.
          ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { stdio: 'ignore', detached: true });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
