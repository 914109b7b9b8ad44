// The reference solution (examples/solution) as `cdk synth` runs it: its TypeScript sources and
// the library's through ts-node (transpile only), the context of its cdk.json (the feature flags),
// cdk-nag's two packs on, four stacks, the Flink JAR staged as an asset.
import { readFileSync } from 'fs';
import { join } from 'path';

// How the CDK CLI hands cdk.json's context to the app; read when main.ts creates its App.
const cdkJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'solution', 'cdk.json'), 'utf-8')) as { context: object };
process.env.CDK_CONTEXT_JSON = JSON.stringify(cdkJson.context);
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../examples/solution/main');
