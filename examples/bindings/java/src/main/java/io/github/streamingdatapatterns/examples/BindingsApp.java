// The bindings reference app, Java edition. typescript/app.ts and python/app.py are the same app
// line by line: check.sh synthesizes all three and fails unless their CloudFormation templates are
// identical. Change one, change all three.
package io.github.streamingdatapatterns.examples;

import java.util.Map;

import io.github.streamingdatapatterns.AlarmTopic;
import io.github.streamingdatapatterns.FlinkCode;
import io.github.streamingdatapatterns.FlinkRuntime;
import io.github.streamingdatapatterns.KinesisFirehoseDelivery;
import io.github.streamingdatapatterns.KinesisFlinkAnalytics;
import io.github.streamingdatapatterns.KinesisIngestApi;
import io.github.streamingdatapatterns.KinesisLambdaProcessor;
import io.github.streamingdatapatterns.SampleProcessor;
import io.github.streamingdatapatterns.StreamProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.kinesisfirehose.Compression;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.FunctionOptions;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;

public final class BindingsApp {
    private BindingsApp() {
    }

    public static void main(final String[] args) {
        // The cloud assembly goes to $CDK_OUTDIR. No creation stack traces (they hold file paths)
        // and no CDKMetadata resource (it names the language), so the template depends only on
        // the app.
        App app = new App(AppProps.builder()
                .analyticsReporting(false)
                .context(Map.of("aws:cdk:disable-creation-stack-traces", true))
                .build());
        // Environment-agnostic, with a fixed stack name.
        Stack stack = new Stack(app, "BindingsExample", StackProps.builder()
                .stackName("streaming-data-patterns-bindings")
                .build());

        // 1. Every pattern on one stream: the ingest API creates it, the other three read it, and
        // all four add their section to one dashboard (the stream's graphs once).
        Dashboard dashboard = new Dashboard(stack, "Dashboard");
        KinesisIngestApi ingest = KinesisIngestApi.Builder.create(stack, "Ingest")
                .dashboard(dashboard)
                .throttlingRateLimit(50)
                .throttlingBurstLimit(25)
                .build();

        KinesisLambdaProcessor.Builder.create(stack, "Processor")
                .existingStream(ingest.getStream())
                .dashboard(dashboard)
                .functionProps(SampleProcessor.functionProps(FunctionOptions.builder()
                        .memorySize(256)
                        .timeout(Duration.seconds(30))
                        .build()))
                .batchSize(200)
                .maxBatchingWindow(Duration.seconds(5))
                .build();

        KinesisFirehoseDelivery.Builder.create(stack, "Delivery")
                .existingStream(ingest.getStream())
                .dashboard(dashboard)
                .dynamicPartitioningKeys(Map.of("customer_id", ".customer_id"))
                .bufferingInterval(Duration.seconds(60))
                .newlineDelimiter(true)
                .build();

        // The Flink application's JAR is already in a bucket (no asset to build in this app).
        IBucket codeBucket = Bucket.fromBucketName(stack, "FlinkCodeBucket", "streaming-data-patterns-artifacts");
        KinesisFlinkAnalytics.Builder.create(stack, "Analytics")
                .existingStream(ingest.getStream())
                .dashboard(dashboard)
                .code(FlinkCode.fromBucket(codeBucket, "flink/streaming-app.jar"))
                .runtime(FlinkRuntime.FLINK_2_2)
                .parallelism(2)
                .propertyGroups(Map.of("Business", Map.of("AlertThreshold", "100")))
                .build();

        // 2. One pattern on a stream of its own, with non-default stream settings: a customer
        // managed key, provisioned shards, shard-level metrics, and alarms that notify an
        // encrypted topic (an AlarmTopic: CloudWatch may publish to it and use its key).
        Key key = Key.Builder.create(stack, "ArchiveKey").enableKeyRotation(true).build();
        AlarmTopic alarms = new AlarmTopic(stack, "Alarms");

        KinesisFirehoseDelivery.Builder.create(stack, "Archive")
                .streamProps(StreamProps.builder()
                        .streamMode(StreamMode.PROVISIONED)
                        .shardCount(4)
                        .retentionPeriod(Duration.days(7))
                        .encryptionKey(key)
                        .build())
                .enhancedMonitoring(true)
                .alarmActions(alarms.getAlarmActions())
                .encryptionKey(key)
                .bufferingSize(Size.mebibytes(64))
                .compression(Compression.SNAPPY)
                .createDashboard(false)
                .build();

        app.synth();
    }
}
