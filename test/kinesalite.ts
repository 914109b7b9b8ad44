// kinesalite, a local Kinesis emulator, started by a test on 127.0.0.1 and a port the OS picks.
import { ChildProcess, spawn } from 'node:child_process';

/** Generous: only reached if the emulator cannot start at all. */
export const EMULATOR_START_TIMEOUT_MS = 20_000;

export interface Emulator {
  readonly child: ChildProcess;
  readonly port: number;
}

/**
 * Start kinesalite in a child process, listening on 127.0.0.1 and a port the OS picks (port 0),
 * and resolve once it reports that port: no free-port race, no fixed delay. The child exits when
 * its stdin closes, so it does not outlive this test process even if afterAll never runs.
 */
export async function startKinesalite(): Promise<Emulator> {
  const script = [
    'const server = require(process.argv[1])({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });',
    "server.listen(0, '127.0.0.1', () => process.stdout.write('LISTENING ' + server.address().port + '\\n'));",
    "process.stdin.on('end', () => process.exit(0));",
    'process.stdin.resume();',
  ].join('\n');
  const child = spawn(process.execPath, ['-e', script, require.resolve('kinesalite')], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kinesalite did not start within ${EMULATOR_START_TIMEOUT_MS} ms: ${output}`)), EMULATOR_START_TIMEOUT_MS);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      child.once('error', fail);
      child.once('exit', (code, signal) => fail(new Error(`kinesalite exited (${code ?? signal}) before listening: ${output}`)));
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /LISTENING (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    return { child, port };
  } catch (error) {
    await stopKinesalite(child);
    throw error;
  }
}

export async function stopKinesalite(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
