import { ConnectionTokenProvider } from './provider.js';
import { ConnectionStore } from './store.js';
import { serializeError, type WorkerReply, type WorkerRequest } from './worker-client.js';

/**
 * Entry point of the detached refresh worker (see worker-client.ts). Reads one request on stdin,
 * refreshes in-process under the connection's lock, answers `{ok}` or `{ok:false, error}` on stdout.
 * Its caller may be gone by the time it answers: the answer is then dropped, the tokens are stored.
 */
async function main(): Promise<void> {
  let input = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) input += chunk as string;
  if (input.trim() === '') return; // the caller died before asking
  const request = JSON.parse(input) as WorkerRequest;
  // CTCT_CONFIG_DIR and CTCT_SECRET_KEY come from the caller's store, through the environment.
  const store = new ConnectionStore();
  const provider = new ConnectionTokenProvider({
    store,
    name: request.name,
    marginMs: request.marginMs,
    isolation: 'inline',
    ...(request.lock ? { lock: request.lock } : {}),
  });
  let reply: WorkerReply;
  try {
    await provider.refresh(request.rejected);
    reply = { ok: true };
  } catch (err) {
    reply = { ok: false, error: serializeError(err) };
  }
  process.stdout.on('error', () => undefined);
  process.stdout.write(JSON.stringify(reply));
}

void main();
