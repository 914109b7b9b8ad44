import { awscdk, javascript } from 'projen';

// Versions fixed by ../shared/DESIGN.md and TOOLCHAIN.md: integ-runner 2.197.10 reads cloud
// assembly schema 53 at most, which aws-cdk-lib 2.257.0 is the newest to write.
const CDK_VERSION = '2.257.0';
const SOLUTIONS_CONSTRUCTS_VERSION = '2.45.0';
const INTEG_RUNNER_VERSION = '2.197.10';
const INTEG_TESTS_ALPHA_VERSION = '2.245.0-alpha.0';
const CDK_NAG_VERSION = '2.38.2';
// Bundled into the Lambda code the library ships (never runtime dependencies of the library).
const POWERTOOLS_VERSION = '2.35.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-streaming-data-patterns',
  description:
    'Opinionated AWS CDK L3 patterns for streaming data on Amazon Kinesis: ingest API, Lambda processor, Managed Flink analytics and Firehose delivery, encrypted, least-privilege and monitored.',
  keywords: ['cdk', 'awscdk', 'aws-cdk', 'kinesis', 'streaming', 'firehose', 'flink', 'lambda', 'api-gateway'],
  author: 'cdk-streaming-data-patterns developers',
  authorAddress: 'streamingdatapatterns@users.noreply.github.com',
  repositoryUrl: 'https://github.com/streamingdatapatterns/cdk-streaming-data-patterns.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',

  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  peerDeps: [
    `@aws-solutions-constructs/aws-apigateway-kinesisstreams@^${SOLUTIONS_CONSTRUCTS_VERSION}`,
    `@aws-solutions-constructs/aws-kinesisstreams-lambda@^${SOLUTIONS_CONSTRUCTS_VERSION}`,
    `@aws-solutions-constructs/aws-kinesisfirehose-s3@^${SOLUTIONS_CONSTRUCTS_VERSION}`,
  ],
  devDeps: [
    `cdk-nag@${CDK_NAG_VERSION}`,
    `@aws-cdk/integ-runner@${INTEG_RUNNER_VERSION}`,
    `@aws-cdk/integ-tests-alpha@${INTEG_TESTS_ALPHA_VERSION}`,
    `@aws-lambda-powertools/batch@${POWERTOOLS_VERSION}`,
    `@aws-lambda-powertools/logger@${POWERTOOLS_VERSION}`,
    `@aws-lambda-powertools/metrics@${POWERTOOLS_VERSION}`,
    '@types/aws-lambda@^8.10.164',
    // The Flink start-on-deploy function uses these SDK clients of the Lambda runtime (not bundled).
    '@aws-sdk/client-kinesis-analytics-v2@^3.1112.0',
    '@aws-sdk/client-cloudformation@^3.1143.0',
    // Handler tests against a local Kinesis emulator.
    'kinesalite@3.3.3',
    '@aws-sdk/client-kinesis@^3.1143.0',
    '@smithy/node-http-handler@^4.14.2',
    // Architecture pictures from the synthesized construct tree (needs Graphviz's `dot`).
    'cdk-dia@0.12.3',
    // The CDK CLI: synthesizes and deploys the reference solution (examples/solution).
    'aws-cdk@2.1115.1',
  ],

  publishToPypi: {
    distName: 'cdk-streaming-data-patterns',
    module: 'cdk_streaming_data_patterns',
  },
  publishToMaven: {
    javaPackage: 'io.github.streamingdatapatterns',
    mavenGroupId: 'io.github.streamingdatapatterns',
    mavenArtifactId: 'cdk-streaming-data-patterns',
  },

  // Runtime code (src/**/*.lambda.ts) is bundled below, without the construct file projen's
  // auto-discovery would generate: SampleProcessor.functionProps() is the one public way to ship it.
  lambdaAutoDiscover: false,

  // Integration snapshots live in the top-level integ/ folder (see integ.config.json); projen's
  // own discovery only looks in test/, so it is off and the integ-runner tasks are defined below.
  integrationTestAutoDiscover: false,

  // A root tsconfig.dev.json that type-checks src, test and integ together.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['.projenrc.ts', 'src/**/*.ts', 'test/**/*.ts', 'integ/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'examples/solution/**/*.ts'],
    compilerOptions: {},
  },

  // eslint type-checks every linted folder against the one dev tsconfig.
  eslintOptions: {
    dirs: ['src'],
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
  },

  jestOptions: {
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
    },
  },

  gitignore: ['cdk.out/', '/.jsii.tabl.json', '/.venv/', '*.pyc', '/.ci/out/'],
});

// The Lambda code the library ships, bundled by esbuild into assets/<folder>/<name>.lambda/index.js
// for the Node.js runtime it is deployed on (pinned: it matches the runtime the constructs set),
// with the AWS SDK taken from that runtime. The budget in DESIGN.md is for minified code (150 KB,
// 50 ms to load). projen passes `minify` on to esbuild, although its BundlingOptions type does not
// declare it.
const LAMBDA_RUNTIME = awscdk.LambdaRuntime.NODEJS_24_X;
function addLambdaBundle(entrypoint: string): void {
  project.bundler.addBundle(entrypoint, {
    target: LAMBDA_RUNTIME.esbuildTarget,
    platform: LAMBDA_RUNTIME.esbuildPlatform,
    externals: LAMBDA_RUNTIME.defaultExternals,
    tsconfigPath: project.tsconfigDev?.fileName,
    ...{ minify: true } as javascript.BundlingOptions,
  });
  project.eslint?.allowDevDeps(entrypoint);
}
// The sample processor, for SampleProcessor.functionProps().
addLambdaBundle('src/processing/sample-processor.lambda.ts');
// The function that starts the Flink application on deploy (KinesisFlinkAnalytics startApplication).
addLambdaBundle('src/analytics/start-application.lambda.ts');
project.eslint?.allowDevDeps('src/analytics/handler/sdk-control.ts');

for (const pattern of ['/integ/', '/scripts/', '/examples/', '/bench/', '/.ci/', '/docs/', 'cdk.out/', '/integ.config.json']) {
  project.addPackageIgnore(pattern);
}


project.eslint?.addLintPattern('integ');
project.eslint?.addLintPattern('scripts');
project.eslint?.addLintPattern('bench');
project.eslint?.addLintPattern('examples/solution');
project.eslint?.allowDevDeps('integ/**');
project.eslint?.allowDevDeps('scripts/**');
project.eslint?.allowDevDeps('bench/**');
project.eslint?.allowDevDeps('examples/solution/**');

// integ-runner: snapshot assertions run in `test` without AWS credentials; `integ:update`
// rewrites snapshots without deploying. Transpile-only ts-node is 2-3x faster; jsii and eslint
// still type-check the code.
const integEnv = { TS_NODE_TRANSPILE_ONLY: '1', TS_NODE_PROJECT: 'tsconfig.dev.json' };
const integ = project.addTask('integ', {
  description: 'Assert the committed integration snapshots (no deployment, no AWS credentials)',
  env: integEnv,
  receiveArgs: true,
  exec: 'integ-runner --language typescript',
});
project.addTask('integ:update', {
  description: 'Re-synthesize integration snapshots that changed, without deploying',
  env: integEnv,
  receiveArgs: true,
  exec: 'integ-runner --language typescript --update-on-failed --dry-run',
});
project.addTask('integ:deploy', {
  description: 'Deploy every integ app to a sandbox account (credentials and AWS_REGION from the environment), run its assertions, destroy it',
  env: integEnv,
  receiveArgs: true,
  exec: 'bash scripts/integ-deploy.sh',
});
project.testTask.spawn(integ);

// The Maven mirror here lacks the Solutions Constructs Java artifacts; build them from their
// npm jsii assemblies into ~/.m2 first, and let jsii-pacmak compile against ~/.m2 (by default it
// uses a throw-away local repository of its own).
const packageJava = project.tasks.tryFind('package:java');
packageJava?.prependExec('bash scripts/install-solutions-constructs-java.sh');
packageJava?.env('JSII_PACMAK_MAVEN_LOCAL_REPOSITORY', '$(echo $HOME/.m2/repository)');

// Every integ app synthesized into cdk.out/ with cdk-nag applied, with a summary per stack.
const synthInteg = project.addTask('synth:integ', {
  description: 'Synthesize every integ app into cdk.out/ and print resources, alarms and cdk-nag findings per stack',
  env: integEnv,
  exec: 'ts-node --project tsconfig.dev.json scripts/synth-integ-apps.ts',
});

// README examples must compile for Construct Hub to translate them (Python, Java...).
const rosetta = project.addTask('rosetta:check', {
  description: 'Compile every TypeScript example in the README with jsii-rosetta in strict mode',
  exec: 'jsii-rosetta extract --compile --strict --fail .jsii',
});
project.postCompileTask.spawn(rosetta);

// The public API as jsii compiled it: every prop documented with its default, metric methods with
// their statistic and period, nothing typed any, no words only this repository's developers know.
const apiDocs = project.addTask('api:check', {
  description: 'Check the docs of the public API in .jsii (summaries, @default, no any, no internal words)',
  env: { TS_NODE_TRANSPILE_ONLY: '1' },
  exec: 'ts-node --project tsconfig.dev.json scripts/check-api-docs.ts',
});
project.postCompileTask.spawn(apiDocs);

// Benchmarks (bench/): synth cost, Lambda bundle size and load time, handler throughput.
project.addTask('bench', {
  description: 'Measure synth time and memory, Lambda bundles and handler throughput; writes bench/results.{md,json}',
  env: integEnv,
  steps: [{ spawn: 'compile' }, { exec: 'ts-node --project tsconfig.dev.json bench/run.ts' }],
});

// The Python and Java bindings: the same app in TypeScript, Python and Java must synthesize
// identical templates (examples/bindings/README.md). Needs a compiled library, PyPI and Maven Central.
project.addTask('examples:check', {
  description: 'Package for Python and Java, synthesize the bindings app in TypeScript, Python and Java, and fail unless the templates are identical',
  exec: 'bash examples/bindings/check.sh',
});

// The main job (README's first command): synthesize the reference solution (examples/solution)
// into cdk.out/solution with the CDK CLI and print resources, alarms and the cdk-nag result per
// stack. Extra arguments go to `cdk synth` (context knobs: -c shardCount=4).
const synthSolution = project.addTask('synth:solution', {
  description: 'Synthesize the reference solution into cdk.out/solution (no AWS account) and print a summary per stack',
  env: integEnv,
  receiveArgs: true,
  exec: 'ts-node --project tsconfig.dev.json scripts/synth-solution.ts',
});

// The READMEs' commands work as written (scripts/docs-check/main.ts): local runs executed and
// their output compared, CI commands found in .ci/run, AWS CLI commands parsed offline against the
// CLI's own parameters (AWS CLI v1 from PyPI, in a venv of its own), README.md's links absolute.
project.addTask('docs:check', {
  description: 'Run the READMEs\' local commands, parse their AWS CLI commands offline, and check their links',
  env: { TS_NODE_TRANSPILE_ONLY: '1' },
  exec: 'ts-node --project tsconfig.dev.json scripts/docs-check/main.ts',
});

// Architecture pictures in docs/diagrams/, generated from the construct trees of the integ apps
// (one per pattern scenario) and of the reference solution (one per stack).
project.addTask('docs:diagrams', {
  description: 'Render docs/diagrams/*.png from the synthesized integ apps and solution stacks (needs Graphviz)',
  steps: [{ spawn: synthInteg.name }, { spawn: synthSolution.name }, { exec: 'bash scripts/render-diagrams.sh' }],
});

// The integ apps and the solution deploy the bundled sample processor.
const bundle = project.tasks.tryFind('bundle');
if (bundle) {
  synthInteg.prependSpawn(bundle);
  synthSolution.prependSpawn(bundle);
}

// The mapping-template renderer the ingest tests build with Maven (test/apigateway/vtl-renderer.ts).
project.gitignore.exclude('/test/apigateway/vtl-renderer/target/');

project.synth();
