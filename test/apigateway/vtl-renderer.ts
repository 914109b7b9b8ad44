// The TypeScript side of vtl-renderer/: one JVM that renders API Gateway mapping templates with
// Apache Velocity and checks bodies against request models, so tests run the templates as API
// Gateway would, Java string methods included. Built with Maven on first use (CI has Java 17 and
// Maven for the Flink application); one build per checkout, shared by jest's workers.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const PROJECT = join(__dirname, 'vtl-renderer');
const CLASSPATH_FILE = join(PROJECT, 'target', 'classpath.txt');
const BUILD_LOCK = join(PROJECT, 'target', '.building');
const BUILD_WAIT_MS = 300_000;

/** `$context` variables a template reads; `responseOverride` is added by the renderer. */
export type TemplateContext = Record<string, unknown>;

export interface Rendered {
  readonly output: string;
  /** `$context` after rendering: `responseOverride.status` holds a status the template set. */
  readonly context: TemplateContext & { responseOverride: { status?: number; header: Record<string, string> } };
}

interface Answer {
  readonly id: number;
  readonly output?: string;
  readonly context?: Rendered['context'];
  readonly errors?: string[];
  readonly error?: string;
}

function newestSource(folder: string): number {
  return readdirSync(folder, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(folder, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }, 0);
}

function upToDate(): boolean {
  return existsSync(CLASSPATH_FILE)
    && statSync(CLASSPATH_FILE).mtimeMs >= Math.max(newestSource(join(PROJECT, 'src')), statSync(join(PROJECT, 'pom.xml')).mtimeMs);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Compiles the renderer and writes its classpath, unless done; a lock folder keeps two workers from building at once. */
function build(): void {
  const started = Date.now();
  mkdirSync(join(PROJECT, 'target'), { recursive: true });
  for (;;) {
    if (upToDate()) {
      return;
    }
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      if (Date.now() - started > BUILD_WAIT_MS) {
        throw new Error(`Another process has been building ${PROJECT} for ${BUILD_WAIT_MS} ms; delete ${BUILD_LOCK} if none is.`);
      }
      sleepSync(500);
    }
  }
  try {
    execFileSync('mvn', ['-B', '-ntp', '-q', 'compile', 'dependency:build-classpath', `-Dmdep.outputFile=${CLASSPATH_FILE}`], {
      cwd: PROJECT, stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`mvn could not build the mapping-template renderer in ${PROJECT} (Java 17 and Maven are needed):\n${output}`);
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** The process-wide renderer of VtlRenderer.shared(). */
let sharedRenderer: VtlRenderer | undefined;

export class VtlRenderer {
  /**
   * One renderer for the whole process, started on first use, for callers that start and stop
   * often (the producer's stand-in): it does not keep the process alive, and its JVM exits when
   * the process does (its standard input closes).
   */
  public static shared(): VtlRenderer {
    if (!sharedRenderer || sharedRenderer.exited) {
      sharedRenderer = VtlRenderer.start();
      sharedRenderer.detach();
    }
    return sharedRenderer;
  }

  /** Builds the renderer if needed and starts its JVM. */
  public static start(): VtlRenderer {
    build();
    const classpath = `${join(PROJECT, 'target', 'classes')}:${readFileSync(CLASSPATH_FILE, 'utf-8').trim()}`;
    return new VtlRenderer(spawn('java', ['-cp', classpath, 'apigateway.vtl.Renderer'], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  private readonly pending = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private stderr = '';

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const answer = JSON.parse(line) as Answer;
      this.pending.get(answer.id)?.resolve(answer);
      this.pending.delete(answer.id);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    child.once('exit', (code, signal) => {
      for (const { reject } of this.pending.values()) {
        reject(new Error(`the renderer exited (${code ?? signal}): ${this.stderr}`));
      }
      this.pending.clear();
    });
  }

  private get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Lets the process exit while the JVM runs; requests in flight still keep it alive. */
  private detach(): void {
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    }
  }

  /** Renders a template with `$input` over `body` and these `$context` variables. */
  public async render(template: string, body: string, context: TemplateContext = {}): Promise<Rendered> {
    const answer = await this.send({ template, body, context });
    if (answer.error !== undefined || answer.output === undefined || answer.context === undefined) {
      throw new Error(`Velocity could not render the template: ${answer.error}\n${template}`);
    }
    return { output: answer.output, context: answer.context };
  }

  /** The request validator's messages for `body` against a model's JSON schema; empty when valid. */
  public async modelErrors(schema: string, body: string): Promise<string[]> {
    const answer = await this.send({ schema, body });
    if (answer.errors === undefined) {
      throw new Error(`the schema could not be checked: ${answer.error}`);
    }
    return answer.errors;
  }

  public async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin!.end();
    await exited;
  }

  private send(request: Record<string, unknown>): Promise<Answer> {
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin!.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  }
}
