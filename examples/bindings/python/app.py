#!/usr/bin/env python3
# The bindings reference app, Python edition. typescript/app.ts and java/.../BindingsApp.java are
# the same app line by line: check.sh synthesizes all three and fails unless their CloudFormation
# templates are identical. Change one, change all three.
from aws_cdk import App, Duration, Size, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_kinesisfirehose as firehose
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from cdk_streaming_data_patterns import (
    AlarmTopic,
    FlinkCode,
    FlinkRuntime,
    KinesisFirehoseDelivery,
    KinesisFlinkAnalytics,
    KinesisIngestApi,
    KinesisLambdaProcessor,
    SampleProcessor,
    StreamProps,
)

# The cloud assembly goes to $CDK_OUTDIR. No creation stack traces (they hold file paths) and no
# CDKMetadata resource (it names the language), so the template depends only on the app.
app = App(
    analytics_reporting=False,
    context={"aws:cdk:disable-creation-stack-traces": True},
)
# Environment-agnostic, with a fixed stack name.
stack = Stack(app, "BindingsExample", stack_name="streaming-data-patterns-bindings")

# 1. Every pattern on one stream: the ingest API creates it, the other three read it, and all four
# add their section to one dashboard (the stream's graphs once).
dashboard = cloudwatch.Dashboard(stack, "Dashboard")
ingest = KinesisIngestApi(
    stack,
    "Ingest",
    dashboard=dashboard,
    throttling_rate_limit=50,
    throttling_burst_limit=25,
)

KinesisLambdaProcessor(
    stack,
    "Processor",
    existing_stream=ingest.stream,
    dashboard=dashboard,
    function_props=SampleProcessor.function_props(memory_size=256, timeout=Duration.seconds(30)),
    batch_size=200,
    max_batching_window=Duration.seconds(5),
)

KinesisFirehoseDelivery(
    stack,
    "Delivery",
    existing_stream=ingest.stream,
    dashboard=dashboard,
    dynamic_partitioning_keys={"customer_id": ".customer_id"},
    buffering_interval=Duration.seconds(60),
    newline_delimiter=True,
)

# The Flink application's JAR is already in a bucket (no asset to build in this app).
code_bucket = s3.Bucket.from_bucket_name(stack, "FlinkCodeBucket", "streaming-data-patterns-artifacts")
KinesisFlinkAnalytics(
    stack,
    "Analytics",
    existing_stream=ingest.stream,
    dashboard=dashboard,
    code=FlinkCode.from_bucket(code_bucket, "flink/streaming-app.jar"),
    runtime=FlinkRuntime.FLINK_2_2,
    parallelism=2,
    property_groups={"Business": {"AlertThreshold": "100"}},
)

# 2. One pattern on a stream of its own, with non-default stream settings: a customer managed
# key, provisioned shards, shard-level metrics, and alarms that notify an encrypted topic (an
# AlarmTopic: CloudWatch may publish to it and use its key).
key = kms.Key(stack, "ArchiveKey", enable_key_rotation=True)
alarms = AlarmTopic(stack, "Alarms")

KinesisFirehoseDelivery(
    stack,
    "Archive",
    stream_props=StreamProps(
        stream_mode=kinesis.StreamMode.PROVISIONED,
        shard_count=4,
        retention_period=Duration.days(7),
        encryption_key=key,
    ),
    enhanced_monitoring=True,
    alarm_actions=alarms.alarm_actions,
    encryption_key=key,
    buffering_size=Size.mebibytes(64),
    compression=firehose.Compression.SNAPPY,
    create_dashboard=False,
)

app.synth()
