import * as path from 'path';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * The sample record processor shipped with this library, as function props for
 * `KinesisLambdaProcessorProps.functionProps`: it decodes and parses JSON records, reports
 * partial batch failures and stops a shard at its first failure so order is kept. Start from its
 * source, `src/processing/sample-processor.lambda.ts`, to write your own.
 */
export class SampleProcessor {
  /**
   * Function props that run the sample processor (bundled, minified JavaScript) on Node.js 24,
   * with `options` (memory, timeout, environment...) applied. Given to `KinesisLambdaProcessor`,
   * what `options` leave out takes the pattern's defaults for a function it creates.
   */
  public static functionProps(options: lambda.FunctionOptions = {}): lambda.FunctionProps {
    return {
      description: 'Sample Kinesis record processor of cdk-streaming-data-patterns',
      ...options,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      // Bundled by projen from sample-processor.lambda.ts (see .projenrc.ts).
      code: lambda.Code.fromAsset(path.join(__dirname, '../../assets/processing/sample-processor.lambda')),
    };
  }

  private constructor() {}
}
