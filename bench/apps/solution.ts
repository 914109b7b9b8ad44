// The reference solution (examples/solution) as `cdk synth` runs it: its TypeScript sources and
// the library's through ts-node (transpile only), cdk-nag's two packs on, four stacks, the Flink
// JAR staged as an asset.
import '../../examples/solution/main';
